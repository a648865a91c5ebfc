# The staged module as a user gets it: published to a local PSResourceGet repository, installed
# under an isolated HOME, imported by name in a fresh pwsh started elsewhere, with its help packed,
# its runbooks, and the rehearsal cluster started from the installed copy.
BeforeDiscovery {
    $script:HaveRegistry = [bool](Get-Command docker-registry -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/PwshProcess.psm1') -Force

    $script:ModuleDirectory = Split-Path $env:RSPADMIN_MANIFEST
    $script:Manifest = Import-PowerShellDataFile $env:RSPADMIN_MANIFEST
    $script:Version = $Manifest.ModuleVersion
    $script:Scratch = New-ScratchDirectory -Prefix 'rspadmin-packaging'
    $script:Repository = Join-Path $Scratch 'repo'
    $script:UserHome = (New-Item -ItemType Directory (Join-Path $Scratch 'home')).FullName
    $script:Elsewhere = (New-Item -ItemType Directory (Join-Path $Scratch 'elsewhere')).FullName
    $script:Isolated = Get-IsolatedEnvironment -HomeDirectory $UserHome

    # The synopsis as the help page writes it: the first line under '## SYNOPSIS'.
    $page = Get-Content (Join-Path $env:RSPADMIN_ROOT 'docs/help/ConvertFrom-LabImageTag.md')
    $script:Synopsis = $page[[array]::IndexOf($page, '## SYNOPSIS') + 1]

    # The caller's PSResourceGet settings, which publishing must leave alone. A child pwsh that the
    # publisher failed to isolate would inherit this process's HOME variable (which the test harness
    # points at a scratch folder), not the $HOME this session started with: watch both.
    $script:CallerSettings = @($env:HOME, $HOME) | Select-Object -Unique |
        ForEach-Object { Join-Path $_ '.local/share/PSResourceGet/PSResourceRepository.xml' }
    function script:Get-SettingsState { foreach ($file in $CallerSettings) { if (Test-Path $file) { "$file $((Get-FileHash $file).Hash)" } else { "$file absent" } } }
    $script:SettingsBefore = @(Get-SettingsState)

    $script:Package = & (Join-Path $env:RSPADMIN_ROOT 'tools/Publish-LocalModule.ps1') -ModuleDirectory $ModuleDirectory -RepositoryPath $Repository 6>$null
    $script:SettingsAfter = @(Get-SettingsState)

    $installScript = @'
Register-PSResourceRepository -Name RspAdminTest -Uri $env:RSPADMIN_TEST_REPOSITORY -Trusted
Install-PSResource -Name RspAdmin -Repository RspAdminTest -Scope CurrentUser -TrustRepository
Get-InstalledPSResource -Name RspAdmin | Select-Object Name, @{ Name = 'Version'; Expression = { $_.Version.ToString() } }, InstalledLocation | ConvertTo-Json
'@
    $script:Install = Invoke-FreshPwsh -Script $installScript -WorkingDirectory $Elsewhere -Environment ($isolated + @{ RSPADMIN_TEST_REPOSITORY = $Repository })

    $useScript = @'
Import-Module RspAdmin
$module = Get-Module RspAdmin
$tag = ConvertFrom-LabImageTag w_2022_40
[pscustomobject]@{
    ModuleBase  = $module.ModuleBase
    Version     = $module.Version.ToString()
    Type        = $tag.Type.ToString()
    DisplayName = $tag.DisplayName
    Date        = $tag.Date.ToString('yyyy-MM-dd')
    Help        = Get-Help ConvertFrom-LabImageTag -Full | Out-String -Width 200
    Location    = (Get-Location).Path
} | ConvertTo-Json
'@
    $script:Use = Invoke-FreshPwsh -Script $useScript -WorkingDirectory $Elsewhere -Environment $isolated
}

AfterAll {
    Remove-Item $Scratch -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Publishing to a local repository' {
    It 'writes one package named after the module and its version' {
        $Package.Name | Should -Be "RspAdmin.$Version.nupkg"
        @(Get-ChildItem $Repository -Filter '*.nupkg').Name | Should -Be @("RspAdmin.$Version.nupkg")
    }

    It 'packs the manifest, the assemblies, the formats and the compiled help' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try { $entries = @($zip.Entries.FullName | ForEach-Object { [uri]::UnescapeDataString($_) }) }
        finally { $zip.Dispose() }
        foreach ($file in 'RspAdmin.psd1', 'RspAdmin.Cmdlets.dll', 'RspAdmin.Format.ps1xml', 'Dependencies/RspAdmin.Core.dll',
            'en-US/RspAdmin.Cmdlets.dll-Help.xml', 'en-US/about_RspAdmin.help.txt',
            'Sandbox/RspAdmin.Sandbox.dll', 'Sandbox/RspAdmin.Sandbox.runtimeconfig.json', 'Sandbox/scenarios/three-nodes.yaml',
            'Runbooks/Update-RecommendedImage.ps1') {
            $entries | Should -Contain $file
        }
    }

    It "leaves the caller's PSResourceGet settings as they were" {
        $SettingsBefore.Count | Should -BeGreaterThan 0
        $SettingsAfter | Should -Be $SettingsBefore
    }

    It 'ships a sandbox built for the net10.0 runtime, framework-dependent' {
        $config = Get-Content -Raw (Join-Path $ModuleDirectory 'Sandbox/RspAdmin.Sandbox.runtimeconfig.json') | ConvertFrom-Json
        $config.runtimeOptions.tfm | Should -Be 'net10.0'
        @($config.runtimeOptions.frameworks.name) | Should -Contain 'Microsoft.AspNetCore.App'
        [Environment]::Version.Major | Should -Be 10 -Because 'the pwsh the module supports runs on .NET 10 like the sandbox'
    }
}

Describe 'Installing and using the published module' {
    It 'installs with Install-PSResource under the isolated HOME' {
        $Install.ExitCode | Should -Be 0 -Because $Install.StdErr
        $installed = $Install.StdOut | ConvertFrom-Json
        $installed.Name | Should -Be 'RspAdmin'
        $installed.Version | Should -Be $Version
        Test-Path (Join-Path $UserHome ".local/share/powershell/Modules/RspAdmin/$Version/RspAdmin.psd1") | Should -BeTrue
    }

    It 'imports by name in a fresh pwsh started in another folder, from the installed copy' {
        $Use.ExitCode | Should -Be 0 -Because $Use.StdErr
        $used = $Use.StdOut | ConvertFrom-Json
        $used.Location | Should -Be $Elsewhere
        $used.Version | Should -Be $Version
        $used.ModuleBase | Should -Be (Join-Path $UserHome ".local/share/powershell/Modules/RspAdmin/$Version")
    }

    It 'runs ConvertFrom-LabImageTag w_2022_40' {
        $used = $Use.StdOut | ConvertFrom-Json
        $used.Type | Should -Be 'Weekly'
        $used.DisplayName | Should -BeExactly 'Weekly 2022_40'
        $used.Date | Should -Be '2022-10-06'
    }

    It 'shows the packed help: synopsis and examples' {
        $help = ($Use.StdOut | ConvertFrom-Json).Help
        $Synopsis | Should -Not -BeNullOrEmpty
        ($help -replace '\s+', ' ') | Should -BeLike "*$($Synopsis -replace '\s+', ' ')*"
        $help | Should -Match '-{10} Example 1: Parse a weekly tag -{10}'
        $help | Should -Match '(?m)^\s+w_2022_40\s+Weekly\s+Weekly 2022_40\s*$'
    }
}

Describe 'The installed runbooks' {
    BeforeAll {
        $script:RunbookHelp = Invoke-FreshPwsh -WorkingDirectory $Elsewhere -Environment $isolated -Script @'
$runbooks = Join-Path (Get-Module RspAdmin -ListAvailable)[0].ModuleBase 'Runbooks'
$help = Get-Help (Join-Path $runbooks 'Update-RecommendedImage.ps1')
[pscustomobject]@{ Files = @(Get-ChildItem $runbooks -Name); Synopsis = $help.Synopsis; Parameters = @($help.parameters.parameter.name) } | ConvertTo-Json
'@
    }

    It 'are in Runbooks/ of the installed module, with their help' {
        $RunbookHelp.ExitCode | Should -Be 0 -Because $RunbookHelp.StdErr
        $result = $RunbookHelp.StdOut | ConvertFrom-Json
        @($result.Files) | Should -Be @(Get-ChildItem (Join-Path $env:RSPADMIN_ROOT 'scripts/runbooks') -Filter '*.ps1' -Name | Sort-Object)
        $result.Synopsis | Should -Match 'recommended lab image'
        @($result.Parameters) | Should -Contain 'PhalanxPath'
    }
}

Describe 'The rehearsal cluster from the installed module' {
    BeforeAll {
        # Nothing of the checkout is reachable: a fresh pwsh in a folder outside it, the module found
        # by name under the isolated HOME, no RSPADMIN_SANDBOX override.
        $environment = $isolated + @{ RSPADMIN_SANDBOX = $null; RSPADMIN_ROOT = $null; RSPADMIN_MANIFEST = $null }
        $script:Rehearsal = if ($HaveRegistry) {
            Invoke-FreshPwsh -WorkingDirectory $Elsewhere -Environment $environment -TimeoutSeconds 240 -Script @'
Import-Module RspAdmin
$sandbox = Start-LabSandbox three-nodes
try {
    $cluster = @{ Kubeconfig = $sandbox.KubeconfigPath; AllowInsecureRegistry = $true }
    $config = Get-LabImageConfig -Registry $sandbox.RegistryAddress -Repository lsstsqre/sciplat-lab -NumWeeklies 0 -Pin w_2024_52
    $results = @($config | Invoke-Prepull @cluster)
    $complete = ($config | Get-PrepullStatus @cluster).Complete
}
finally {
    $sandbox | Stop-LabSandbox
}
[pscustomobject]@{
    ModuleBase  = (Get-Module RspAdmin).ModuleBase
    SandboxPath = $sandbox.SandboxPath
    Scenario    = $sandbox.Scenario
    Pulls       = @($results | ForEach-Object { "$($_.NodeName) $($_.Tag) $($_.Outcome)" } | Sort-Object)
    Complete    = $complete
    Running     = $sandbox.Running
    Exited      = $null -eq (Get-Process -Id $sandbox.ProcessId -ErrorAction SilentlyContinue)
} | ConvertTo-Json
'@
        }
    }

    BeforeEach {
        if (-not $HaveRegistry) { Set-ItResult -Skipped -Because "the three-nodes scenario starts Debian's docker-registry, which is not installed" }
    }

    It 'Start-LabSandbox three-nodes runs the sandbox and scenario shipped in the installed module' {
        $Rehearsal.ExitCode | Should -Be 0 -Because $Rehearsal.StdErr
        $result = $Rehearsal.StdOut | ConvertFrom-Json
        $result.ModuleBase | Should -Be (Join-Path $UserHome ".local/share/powershell/Modules/RspAdmin/$Version")
        $result.SandboxPath | Should -Be (Join-Path $result.ModuleBase 'Sandbox/RspAdmin.Sandbox.dll')
        $result.Scenario | Should -Be (Join-Path $result.ModuleBase 'Sandbox/scenarios/three-nodes.yaml')
    }

    It 'prepulls onto the eligible nodes that miss an image, then the status is complete' {
        $result = $Rehearsal.StdOut | ConvertFrom-Json
        # The prepull set is r27_0_0, the pinned w_2024_52 and d_2024_12_30; node2 is tainted.
        @($result.Pulls) | Should -Be @('node1 d_2024_12_30 Pulled', 'node3 d_2024_12_30 Pulled', 'node3 r27_0_0 Pulled', 'node3 w_2024_52 Pulled')
        $result.Complete | Should -BeTrue
    }

    It 'Stop-LabSandbox stops the sandbox process' {
        $result = $Rehearsal.StdOut | ConvertFrom-Json
        $result.Running | Should -BeFalse
        $result.Exited | Should -BeTrue
    }
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $env:RSPADMIN_MANIFEST -ErrorAction Stop } | Should -Not -Throw
    }

    It 'fills PSData as the PowerShell Gallery expects, with the release notes of this version' {
        $data = $Manifest.PrivateData.PSData
        @($data.Tags) | Should -Contain 'PSEdition_Core'
        foreach ($tag in $data.Tags) { $tag | Should -Match '^[A-Za-z0-9_.-]+$' -Because 'a Gallery tag has no spaces' }
        foreach ($uri in $data.ProjectUri, $data.LicenseUri) {
            $uri | Should -Match '^https://'
            $uri | Should -Not -Match 'example\.invalid'
        }
        $changelog = Get-Content -Raw (Join-Path $env:RSPADMIN_ROOT 'CHANGELOG.md')
        $section = [regex]::Match($changelog, "(?ms)^## $([regex]::Escape($Version))\s*\n(.*?)(?=^## |\z)").Groups[1].Value.Trim()
        $section | Should -Not -BeNullOrEmpty
        ($data.ReleaseNotes -replace '\r', '') | Should -BeExactly ($section -replace '\r', '')
        $Manifest.ContainsKey('HelpInfoURI') | Should -BeFalse -Because 'no updatable help is published'
    }

    It 'requires PowerShell 7.4 on the Core edition' {
        $Manifest.PowerShellVersion | Should -Be '7.4'
        @($Manifest.CompatiblePSEditions) | Should -Be @('Core')
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $assembly = (Get-Module RspAdmin).ImplementingAssembly
        $assembly.GetName().Name | Should -Be 'RspAdmin.Cmdlets'
        $defined = @($assembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object)
        $defined.Count | Should -BeGreaterThan 0
        @($Manifest.CmdletsToExport | Sort-Object) | Should -Be $defined
        @((Get-Module RspAdmin).ExportedCmdlets.Keys | Sort-Object) | Should -Be $defined
    }
}
