# The README's rehearsal example runs as written against a local sandbox: no errors, and the menu names the
# recommended image once its tag is pinned and prepulled.
BeforeDiscovery {
    $script:HaveRegistry = [bool](Get-Command docker-registry -ErrorAction SilentlyContinue)
    $script:HavePostgres = [bool](Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $PSStyle.OutputRendering = 'PlainText'
    $ProgressPreference = 'SilentlyContinue'
    $readme = Get-Content -Raw (Join-Path $env:RSPADMIN_ROOT 'README.md')
    $section = $readme.Substring($readme.IndexOf('## Rehearse a prepull on a local cluster'))
    $script:Example = [regex]::Match($section, '(?s)```powershell\r?\n(.*?)```').Groups[1].Value
    $migration = $readme.Substring($readme.IndexOf('## Run the Nublado v2 to v3 migration'))
    $script:MigrationExample = [regex]::Match($migration, '(?s)```powershell\r?\n(.*?)```').Groups[1].Value
}

Describe 'README' {
    It 'has the rehearsal example, which passes no -AllowInsecureRegistry for the loopback registry' {
        $Example | Should -Match 'Start-LabSandbox'
        $Example | Should -Not -Match 'AllowInsecureRegistry'
    }

    It 'runs the rehearsal example without an error' -Skip:(-not $HaveRegistry) {
        $Error.Clear()
        $objects = @(& ([scriptblock]::Create($Example)) 3>$null 2>&1)
        $errors = @($Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors | Should -BeNullOrEmpty -Because ($objects | Out-String)
        $menu = @($objects | Where-Object { $_.PSObject.TypeNames -contains 'RspAdmin.Core.Cluster.LabMenuEntry' })
        $menu.Name | Should -Contain 'Recommended (Weekly 2024_52)'
        $menu.Name | Should -Contain 'Recommended'
    }

    It 'runs the migration rehearsal as written: a preview that changes nothing, then stage 1 from S0 to S1 with both routes up' -Skip:(-not $HavePostgres) {
        $MigrationExample | Should -Match 'Start-LabSandbox migration'
        $MigrationExample | Should -Match '-WhatIf'
        $Error.Clear()
        $objects = @(& ([scriptblock]::Create($MigrationExample)) 3>$null 2>&1)
        $errors = @($Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors | Should -BeNullOrEmpty -Because ($objects | Out-String)
        $states = @($objects | Where-Object { $_.PSObject.TypeNames -contains 'RspAdmin.Core.Migration.MigrationStateReport' })
        $states.State | Should -Be @('S0', 'S1')
        $routes = @($objects | Where-Object { $_.PSObject.Properties['Route'] -and $_.PSObject.Properties['Version'] })
        $routes | ForEach-Object { "$($_.Route) $($_.State)" } | Should -Be @('/nb Up', '/n3 Up')
    }
}
