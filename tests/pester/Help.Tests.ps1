# Every exported cmdlet has complete help, read the way a user reads it: Get-Help in a fresh pwsh
# whose working directory holds no help file (Get-Help also finds help files in the current
# directory, which would hide help missing from the module).
BeforeDiscovery {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $cmdlets = @((Get-Module RspAdmin).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/PwshProcess.psm1') -Force
    $script:HelpCheckModule = Join-Path $PSScriptRoot 'Support/HelpCheck.psm1'

    # Runs the help check in a fresh pwsh, in an empty folder, against the module at $Manifest.
    function Invoke-HelpCheck {
        param([string] $Manifest, [string[]] $Name, [string] $Setup = '')
        $workDirectory = New-ScratchDirectory -Prefix 'rspadmin-help'
        try {
            $script = @"
Import-Module `$env:RSPADMIN_CHECK_MANIFEST
Import-Module `$env:RSPADMIN_CHECK_MODULE
$Setup
`$report = @(Get-CommandHelpProblem -Name (`$env:RSPADMIN_CHECK_NAMES -split ','))
`$about = Get-Help about_RspAdmin -ErrorAction SilentlyContinue | Out-String -Width 200
[pscustomobject]@{ Report = `$report; About = `$about; Location = (Get-Location).Path } | ConvertTo-Json -Depth 5
"@
            $environment = @{
                RSPADMIN_CHECK_MANIFEST = $Manifest
                RSPADMIN_CHECK_MODULE   = $script:HelpCheckModule
                RSPADMIN_CHECK_NAMES    = $Name -join ','
            }
            $run = Invoke-FreshPwsh -Script $script -WorkingDirectory $workDirectory.FullName -Environment $environment
            if ($run.ExitCode -ne 0) { throw "The help check failed (exit $($run.ExitCode)): $($run.StdErr)" }
            $result = $run.StdOut | ConvertFrom-Json
            $result | Add-Member -NotePropertyName HelpFilesInWorkDirectory -NotePropertyValue @(Get-ChildItem $workDirectory -Recurse -Filter '*-Help.xml').Count
            $result
        }
        finally {
            Remove-Item $workDirectory -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    $exported = @((Get-Module RspAdmin).ExportedCmdlets.Keys | Sort-Object)
    $script:Check = Invoke-HelpCheck -Manifest $env:RSPADMIN_MANIFEST -Name $exported
}

Describe 'Help of every exported cmdlet' {
    It 'is read in a folder that holds no help file' {
        $Check.HelpFilesInWorkDirectory | Should -Be 0
        $Check.Location | Should -Not -Be (Split-Path $env:RSPADMIN_MANIFEST)
    }

    It '<Name> has a synopsis, a description, an example and a description of each parameter' -ForEach $cmdlets {
        $entry = @($Check.Report | Where-Object Name -EQ $Name)
        $entry.Count | Should -Be 1
        @($entry[0].Problems) | Should -BeNullOrEmpty -Because "$Name's help should be complete"
    }

    It 'Get-Help about_RspAdmin shows the module topic' {
        $Check.About | Should -Match '(?m)^TOPIC\s*$'
        $Check.About | Should -Match 'about_RspAdmin'
        $Check.About | Should -Match '(?m)^SHORT DESCRIPTION\s*$'
        $Check.About | Should -Match 'Area\.Reason'
    }
}

Describe 'The help check' {
    BeforeAll {
        # A copy of the staged module whose MAML has lost what the check looks for.
        $script:Broken = New-ScratchDirectory -Prefix 'rspadmin-broken-help'
        $copy = Join-Path $Broken 'RspAdmin'
        Copy-Item (Split-Path $env:RSPADMIN_MANIFEST) $copy -Recurse
        $mamlPath = Join-Path $copy 'en-US/RspAdmin.Cmdlets.dll-Help.xml'
        $maml = [xml](Get-Content -Raw $mamlPath)
        $ns = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $command = $maml.SelectSingleNode("//command:command[command:details/command:name='ConvertFrom-LabImageTag']", $ns)
        foreach ($node in @($command.SelectNodes('command:details/maml:description/maml:para | maml:description/maml:para | command:examples/command:example', $ns))) {
            [void]$node.ParentNode.RemoveChild($node)
        }
        $tag = $command.SelectSingleNode("command:parameters/command:parameter[maml:name='Tag']", $ns)
        foreach ($para in @($tag.SelectNodes('maml:description/maml:para', $ns))) { [void]$para.ParentNode.RemoveChild($para) }
        $bogus = $tag.CloneNode($true)
        $bogus.SelectSingleNode('maml:name', $ns).InnerText = 'Bogus'
        [void]$tag.ParentNode.AppendChild($bogus)
        $maml.Save($mamlPath)

        $setup = 'function Get-Undocumented { [CmdletBinding()] param([string] $Path) }'
        $script:BrokenCheck = Invoke-HelpCheck -Manifest (Join-Path $copy 'RspAdmin.psd1') -Name 'ConvertFrom-LabImageTag', 'Get-Undocumented' -Setup $setup
    }

    AfterAll {
        Remove-Item $Broken -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'reports a missing synopsis, description, example and parameter description, and a parameter the cmdlet lacks' {
        $problems = @(($BrokenCheck.Report | Where-Object Name -EQ 'ConvertFrom-LabImageTag').Problems)
        $problems | Should -Contain 'lacks a synopsis'
        $problems | Should -Contain 'lacks a description'
        $problems | Should -Contain 'lacks an example'
        $problems | Should -Contain 'does not describe parameter -Tag'
        $problems | Should -Contain 'documents parameter -Bogus, which the command does not have'
        $problems | Should -Not -Contain 'does not describe parameter -Sort'
        $problems | Should -Not -Contain 'has no help file (Get-Help shows only the generated syntax)'
    }

    It 'reports a command without any help' {
        $problems = @(($BrokenCheck.Report | Where-Object Name -EQ 'Get-Undocumented').Problems)
        $problems | Should -Contain 'has no help file (Get-Help shows only the generated syntax)'
        $problems | Should -Contain 'lacks a synopsis'
        $problems | Should -Contain 'lacks an example'
        $problems | Should -Contain 'does not describe parameter -Path'
    }
}
