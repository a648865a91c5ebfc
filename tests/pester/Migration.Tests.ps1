# Get-NubladoMigrationState, Get-NubladoMigrationPlan and Start-NubladoMigrationStage on the project's own
# small Phalanx tree (tests/RspAdmin.Core.Tests/Migration/Data/demo-d), copied into a git repository.
BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $script:Data = Join-Path $env:RSPADMIN_ROOT 'tests/RspAdmin.Core.Tests/Migration/Data/demo-d'

    function New-DemoCheckout {
        $root = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-migration-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Copy-Item -Recurse $script:Data $root
        git -C $root init --quiet --initial-branch=main
        git -C $root config user.name 'Migration Test'
        git -C $root config user.email 'migration@example.org'
        git -C $root config commit.gpgsign false
        git -C $root add --all
        git -C $root commit --quiet -m 'demo before the migration'
        $root
    }

    function Get-Tree([string] $Root) {
        Get-ChildItem $Root -Recurse -File -Force | Where-Object FullName -NotMatch '[\\/]\.git[\\/]' | Sort-Object FullName |
            ForEach-Object { "$($_.FullName) $((Get-FileHash $_.FullName).Hash)" }
    }
}

Describe 'Migration cmdlets' {
    BeforeEach {
        $script:Root = New-DemoCheckout
        $script:Journal = "$Root-journal.json"
    }

    AfterEach {
        Remove-Item $Root, $Journal -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'reports the state with its evidence, and exports it to CSV with readable cells' {
        $state = Get-NubladoMigrationState -PhalanxPath $Root -Environment demo
        $state.State | Should -Be 'S0'
        $state.Era | Should -Be 'D'
        ($state.Signals | Where-Object Name -EQ 'nublado2 enabled').Value | Should -Be 'true'
        $csv = $state | Select-Object Environment, State, Evidence, Needs | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Evidence | Should -Match 'nublado2 enabled = true \(environments/values-demo.yaml\)'
        $csv.Needs | Should -Match 'EnableV3: nublado: off -> on'
    }

    It 'takes environments from the pipeline by property name' {
        $states = [pscustomobject]@{ Environment = 'demo'; PhalanxPath = $Root } | Get-NubladoMigrationState
        $states.Environment | Should -Be 'demo'
    }

    It 'writes an error record with a stable id for an unknown environment' {
        { Get-NubladoMigrationState -PhalanxPath $Root -Environment nowhere -ErrorAction Stop } |
            Should -Throw -ErrorId 'Migration.EnvironmentNotFound*'
    }

    It 'refuses a plan that skips a stage, unless allowed' {
        { Get-NubladoMigrationPlan MakeDefault -PhalanxPath $Root -Environment demo -ErrorAction Stop } |
            Should -Throw -ErrorId 'Migration.StageOutOfOrder*'
        $plan = Get-NubladoMigrationPlan MakeDefault -PhalanxPath $Root -Environment demo -AllowStageSkip
        $plan.Id | Should -Be @('2.P1', '2.P2', '2.P3', '2.P4', '2.W0', '2.W1', '2.W2', '2.W3', '2.W4', '2.W5', '2.W6', '2.W7')
    }

    It '-WhatIf changes nothing, the journal included' {
        $before = Get-Tree $Root
        $results = Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -AcknowledgeGate 1.P6 -Phase Preparation -JournalPath $Journal -WhatIf
        ($results | Where-Object Kind -EQ Repo).Outcome | Should -Be @('Skipped', 'Skipped', 'Skipped')
        Get-Tree $Root | Should -Be $before
        git -C $Root branch --show-current | Should -Be 'main'
        Test-Path $Journal | Should -BeFalse
    }

    It 'stops at a gate even with -Confirm:$false, and passes it when acknowledged' {
        $results = Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -Phase Preparation -JournalPath $Journal -Confirm:$false
        $results[-1].Id | Should -Be '1.P6'
        $results[-1].Outcome | Should -Be 'WaitingForGate'

        $results = Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -Phase Preparation -JournalPath $Journal -AcknowledgeGate 1.P6 -Confirm:$false
        ($results | Where-Object Id -EQ 1.P6).Outcome | Should -Be 'Done'
        (Get-NubladoMigrationState -PhalanxPath $Root -Environment demo).State | Should -Be 'S1'
        @(git -C $Root log --format=%s main..).Count | Should -Be 3
    }

    It 'writes results that export to JSON and CSV, with the undo of each commit' {
        $results = Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -Phase Preparation -JournalPath $Journal -AcknowledgeGate 1.P6
        $enable = $results | Where-Object Id -EQ 1.P3
        $enable.Undo | Should -Be "git revert $($enable.Commit)"
        ($results | ConvertTo-Json -Depth 3 | ConvertFrom-Json).Count | Should -Be $results.Count
        ($results | Select-Object Id, Outcome, Changed | ConvertTo-Csv | ConvertFrom-Csv | Where-Object Id -EQ 1.P3).Changed |
            Should -Be 'environments/values-demo.yaml'
    }

    It 'stops the window at the first step that needs the services, showing its requests' {
        Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -Phase Preparation -JournalPath $Journal -AcknowledgeGate 1.P6 | Out-Null
        $window = @(Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -Phase Window -JournalPath "$Journal.w")
        Remove-Item "$Journal.w" -ErrorAction SilentlyContinue
        $window.Count | Should -Be 1
        $window[0].Outcome | Should -Be 'Skipped'
        $window[0].Preview | Should -Match 'GET /mobu/flocks'
    }

    It 'fails a step with an error record and leaves the checkout as it was' {
        Set-Content (Join-Path $Root 'applications/nublado/values-demo.yaml') "jupyterhub:`n  baseUrl: /n3`n"
        git -C $Root commit --quiet -am 'misplaced baseUrl'
        $results = Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -Phase Preparation -JournalPath $Journal -AcknowledgeGate 1.P6 -ErrorVariable failures -ErrorAction SilentlyContinue
        $results[-1].Outcome | Should -Be 'Failed'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Migration.BaseUrlMisplaced*'
        git -C $Root status --porcelain | Should -BeNullOrEmpty
    }

    It 'refuses a journal inside the checkout' {
        { Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -JournalPath (Join-Path $Root 'journal.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'Migration.JournalInCheckout*'
    }

    It 'completes environment names from the checkout' {
        Push-Location $Root
        try {
            $line = 'Get-NubladoMigrationState -Environment de'
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $completion.CompletionMatches.CompletionText | Should -Contain 'demo'
        }
        finally { Pop-Location }
    }
}
