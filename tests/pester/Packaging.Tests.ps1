# The staged module as a user gets it: published to a local PSResourceGet repository, installed
# under an isolated HOME, imported by name in a fresh pwsh started elsewhere, with its help packed.
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
    $isolated = Get-IsolatedEnvironment -HomeDirectory $UserHome

    # The synopsis as the help page writes it: the first line under '## SYNOPSIS'.
    $page = Get-Content (Join-Path $env:RSPADMIN_ROOT 'docs/help/ConvertFrom-LabImageTag.md')
    $script:Synopsis = $page[[array]::IndexOf($page, '## SYNOPSIS') + 1]

    # The caller's PSResourceGet settings, which publishing must leave alone.
    $script:CallerSettings = Join-Path $HOME '.local/share/PSResourceGet/PSResourceRepository.xml'
    $script:SettingsBefore = if (Test-Path $CallerSettings) { (Get-FileHash $CallerSettings).Hash } else { 'absent' }

    $script:Package = & (Join-Path $env:RSPADMIN_ROOT 'tools/Publish-LocalModule.ps1') -ModuleDirectory $ModuleDirectory -RepositoryPath $Repository 6>$null
    $script:SettingsAfter = if (Test-Path $CallerSettings) { (Get-FileHash $CallerSettings).Hash } else { 'absent' }

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
            'en-US/RspAdmin.Cmdlets.dll-Help.xml', 'en-US/about_RspAdmin.help.txt') {
            $entries | Should -Contain $file
        }
    }

    It "leaves the caller's PSResourceGet settings as they were" {
        $SettingsAfter | Should -Be $SettingsBefore
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

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $env:RSPADMIN_MANIFEST -ErrorAction Stop } | Should -Not -Throw
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
