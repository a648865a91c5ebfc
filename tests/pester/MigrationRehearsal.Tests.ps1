# The whole Nublado v2 -> v3 migration rehearsed on the sandbox's migration world, from its pre-migration
# Phalanx tree: stage 1 previewed with -WhatIf, then every stage and the cleanup run (through the runbook and
# through the cmdlets), with labs open on both routes and decoy namespaces; routes, applications, namespaces,
# flocks, secrets and databases are checked after each stage, and every stream is scanned for secrets.
BeforeDiscovery {
    $script:HavePostgres = [bool](Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $PSStyle.OutputRendering = 'PlainText'
    $ProgressPreference = 'SilentlyContinue'
    $script:Runbook = Join-Path $env:RSPADMIN_ROOT 'scripts/runbooks/Invoke-NubladoMigration.ps1'

    function script:Plain([securestring] $Secret) { [pscredential]::new('x', $Secret).GetNetworkCredential().Password }

    # Runs a block with every stream captured (host output of the runbook included); returns its output objects.
    function script:Invoke-Captured([scriptblock] $Block) {
        $all = & { $VerbosePreference = 'Continue'; & $Block } *>&1
        $script:Captured.Add(($all | Out-String -Width 300)) | Out-Null
        $all | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $script:Captured.Add("$($_.FullyQualifiedErrorId) $($_.Exception.Message)") | Out-Null } }
        $all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.VerboseRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] -and $_ -isnot [System.Management.Automation.InformationRecord] }
    }

    # A user's lab opened on a route, as its hub's spawner labels it (created with the real kubectl).
    function script:New-LabNamespace([string] $Name, [hashtable] $Labels) {
        @{ apiVersion = 'v1'; kind = 'Namespace'; metadata = @{ name = $Name; labels = $Labels } } | ConvertTo-Json -Depth 5 |
            & kubectl --kubeconfig $script:Sandbox.KubeconfigPath create -f - | Out-Null
        $LASTEXITCODE | Should -Be 0
    }

    function script:Get-Namespaces { (& kubectl --kubeconfig $script:Sandbox.KubeconfigPath get ns -o name) -replace '^namespace/', '' }
    function script:Get-Routes { Test-HubRoute -Url $script:S.HubUrl -Token $script:S.GafaelfawrToken -Route /nb, /n2, /n3 | ForEach-Object { "$($_.Route) $($_.State) $($_.Version)".Trim() } }
    function script:Get-Applications { (Get-ArgoCdApplication @script:Argo) | ForEach-Object { "$($_.Name) $($_.SyncStatus)" } }
    function script:Get-Flocks { @(Get-MobuFlock -Url $script:S.MobuUrl -Token $script:S.GafaelfawrToken).Name }
    function script:Get-State { (Get-NubladoMigrationState -PhalanxPath $script:Phalanx -Environment idfdev -Connection $script:Connection).State.ToString() }
}

Describe 'Rehearsal of the Nublado migration on the sandbox' -Skip:(-not $HavePostgres) {
    BeforeAll {
        $script:Captured = [System.Collections.Generic.List[string]]::new()
        $script:Sandbox = Start-LabSandbox migration
        $script:S = $Sandbox.Services
        $script:Phalanx = $S.PhalanxPath
        $script:Connection = $Sandbox | New-NubladoMigrationConnection
        $script:Argo = @{ Url = $S.ArgoCdUrl; Credential = [pscredential]::new($S.ArgoCdUsername, $S.ArgoCdPassword) }
        $script:Journals = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-rehearsal-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        New-Item -ItemType Directory $Journals | Out-Null
        $env:GIT_AUTHOR_NAME = $env:GIT_COMMITTER_NAME = 'Rehearsal'
        $env:GIT_AUTHOR_EMAIL = $env:GIT_COMMITTER_EMAIL = 'rehearsal@example.org'
        $script:Decoys = 'nublado2', 'nublado-users', 'mynublado2-x', 'mynublado-x', 'nublado2-eve'
    }

    AfterAll {
        if ($script:Sandbox) { $script:Sandbox | Stop-LabSandbox }
        if ($script:Journals) { Remove-Item $script:Journals -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'starts in S0: v2 on /nb, two v2 labs, mobu with its two flocks' {
        Get-State | Should -Be 'S0'
        Get-Routes | Should -Be @('/nb Up 3.0.0', '/n2 Down', '/n3 Down')
        (Get-Namespaces) | Should -Contain 'nublado2-alice'
        Get-Flocks | Should -Be @('recommended', 'tap')
    }

    It 'stage 1 with -WhatIf previews every step and changes nothing' {
        $head = git -C $Phalanx rev-parse HEAD
        $summary = Invoke-Captured { & $Runbook -Stage EnableV3 -Environment idfdev -PhalanxPath $Phalanx -Connection $Connection -AcknowledgeGate 1.P6, 1.W6 -JournalPath (Join-Path $Journals 'whatif.json') -WhatIf }
        $summary.StateBefore | Should -Be 'S0'
        $live = $summary.Results | Where-Object { "$($_.Kind)" -eq 'Live' }
        $live.Count | Should -BeGreaterThan 5
        $live | ForEach-Object { "$($_.Outcome)" } | Sort-Object -Unique | Should -Be 'Skipped'
        ($live | Where-Object Id -EQ '1.W2').Preview | Should -Match 'DELETE /argo-cd/api/v1/applications/nublado2/resource\?namespace=nublado2&resourceName=hub'
        git -C $Phalanx rev-parse HEAD | Should -Be $head
        git -C $Phalanx status --porcelain | Should -BeNullOrEmpty
        Test-Path (Join-Path $Journals 'whatif.json') | Should -BeFalse
        Get-Flocks | Should -Be @('recommended', 'tap')
        Get-State | Should -Be 'S0'
    }

    It 'stage 1 through the runbook: v3 on /n3 beside v2 on /nb, v2 sessions gone, decoys kept, mobu back' {
        $summary = Invoke-Captured { & $Runbook -Stage EnableV3 -Environment idfdev -PhalanxPath $Phalanx -Connection $Connection -AcknowledgeGate 1.P6, 1.W6 -JournalPath (Join-Path $Journals 'stage1.json') -Confirm:$false -Force }
        $summary.Failed | Should -BeNullOrEmpty
        $summary.WaitingForGate | Should -BeNullOrEmpty
        $summary.StateAfter | Should -Be 'S1'
        $summary.Results.Count | Should -Be 16
        Get-Routes | Should -Be @('/nb Up 3.0.0', '/n2 Down', '/n3 Up 4.0.2')
        Get-Applications | Should -Contain 'nublado Synced'
        Get-Applications | Should -Contain 'nublado2 Synced'
        $names = Get-Namespaces
        $names | Should -Not -Contain 'nublado2-alice'
        foreach ($decoy in $Decoys) { $names | Should -Contain $decoy }
        Get-Flocks | Should -Be @('recommended', 'tap')
        (Get-VaultSecretStatus -Url $S.VaultUrl -Token $S.VaultReadToken -Path phalanx/idfdev/nublado -Key crypto_key, proxy_token, cryptkeeper_key, hub_db_password).State | Sort-Object -Unique | Should -Be 'Present'
        git -C $Phalanx rev-parse --abbrev-ref HEAD | Should -Be 'nublado-migration/idfdev/EnableV3'
    }

    It 'stage 2 through the cmdlets (-Confirm:$false passes its destructive steps), with labs open on both routes: v3 on /nb, v2 on /n2, both hubs'' sessions gone' {
        New-LabNamespace nublado2-dave @{ 'argocd.argoproj.io/instance' = 'nublado-users' }
        New-LabNamespace nublado-erin @{ 'argocd.argoproj.io/instance' = 'nublado-users'; 'nublado.lsst.io/category' = 'lab' }
        $results = Invoke-Captured { Start-NubladoMigrationStage MakeDefault -Environment idfdev -PhalanxPath $Phalanx -Connection $Connection -AcknowledgeGate 2.P1, 2.W5 -JournalPath (Join-Path $Journals 'stage2.json') -Confirm:$false }
        $results | Where-Object { "$($_.Outcome)" -notin 'Done', 'AlreadyDone' } | ForEach-Object { "$($_.Id) $($_.Outcome) $($_.ErrorId) $($_.Message)" } | Should -BeNullOrEmpty
        $order = @($results.Id)
        $order.IndexOf('2.W4') | Should -BeLessThan $order.IndexOf('2.W6') -Because 'nublado2 leaves /nb before nublado takes it'
        ($results | Where-Object Id -EQ '2.W3').Message | Should -Match 'deleted 1 nublado2-\*; deleted 1 nublado-\*'
        Get-Routes | Should -Be @('/nb Up 4.0.2', '/n2 Up 3.0.0', '/n3 Down')
        $names = Get-Namespaces
        $names | Should -Not -Contain 'nublado2-dave'
        $names | Should -Not -Contain 'nublado-erin'
        foreach ($decoy in $Decoys) { $names | Should -Contain $decoy }
        Get-Flocks | Should -Be @('recommended', 'tap')
        Get-State | Should -Be 'S2'
    }

    It 'stage 3 through the runbook: the v2 applications pruned with their namespaces, values files deleted' {
        $summary = Invoke-Captured { & $Runbook -Stage DisableV2 -Environment idfdev -PhalanxPath $Phalanx -Connection $Connection -AcknowledgeGate 3.P1 -JournalPath (Join-Path $Journals 'stage3.json') -Confirm:$false -Force }
        $summary.Failed | Should -BeNullOrEmpty
        $summary.StateAfter | Should -Be 'S3'
        ($summary.Results | Where-Object Id -EQ '3.W0').Message | Should -Match 'prunes exactly'
        $apps = Get-Applications
        foreach ($gone in 'nublado2', 'cachemachine', 'moneypenny') {
            $apps | Where-Object { $_ -like "$gone *" } | Should -BeNullOrEmpty
            Get-Namespaces | Should -Not -Contain $gone
            Test-Path (Join-Path $Phalanx "applications/$gone/values-idfdev.yaml") | Should -BeFalse
        }
        Get-Routes | Should -Be @('/nb Up 4.0.2', '/n2 Down', '/n3 Down')
        Get-Flocks | Should -Be @('recommended', 'tap')
    }

    It 'the cleanup drops the v2 database and soft-deletes the nublado2 secret; a second run changes nothing' {
        $pg = @{ Server = $S.PostgresHost; Port = $S.PostgresPort; Credential = [pscredential]::new($S.PostgresUsername, $S.PostgresPassword) }
        (Get-HubDatabase @pg -Name jupyterhub).Exists | Should -BeTrue
        $summary = Invoke-Captured { & $Runbook -Stage Cleanup -Environment idfdev -PhalanxPath $Phalanx -Connection $Connection -JournalPath (Join-Path $Journals 'cleanup.json') -Confirm:$false -Force }
        $summary.Failed | Should -BeNullOrEmpty
        $summary.StateAfter | Should -Be 'Done'
        (Get-HubDatabase @pg -Name jupyterhub -Role jovyan).Exists | Should -BeFalse
        ($summary.Results | Where-Object Id -EQ 'C4').Message | Should -Match 'Soft-deleted secret/phalanx/idfdev/nublado2 version 1'
        (Get-VaultSecretStatus -Url $S.VaultUrl -Token $S.VaultReadToken -Path phalanx/idfdev/nublado2 -Key crypto_key).State | Should -Not -Be 'Present'
        Test-Path (Join-Path $Phalanx 'applications/nublado2') | Should -BeFalse

        $again = Invoke-Captured { Start-NubladoMigrationStage Cleanup -Environment idfdev -PhalanxPath $Phalanx -Connection $Connection -JournalPath (Join-Path $Journals 'cleanup-again.json') -Confirm:$false -Force }
        $again | Where-Object { "$($_.Kind)" -in 'Live', 'Repo' } | ForEach-Object { "$($_.Outcome)" } | Sort-Object -Unique | Should -Be 'AlreadyDone'
    }

    It 'no stream of the rehearsal carries a token, a password or a secret value' {
        $secrets = @((Plain $S.ArgoCdPassword), (Plain $S.VaultWriteToken), (Plain $S.VaultReadToken), (Plain $S.GafaelfawrToken), (Plain $S.PostgresPassword),
            '6c4f0e5a0d0e4b6f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f', 'sandbox-jovyan-password', 'hooks.slack.invalid')
        $text = $Captured -join "`n"
        $text | Should -Match 'POST http://127\.0\.0\.1:\d+/argo-cd/api/v1/applications/nublado/sync'
        foreach ($secret in $secrets) { $text.Contains($secret) | Should -BeFalse -Because 'no secret may reach a stream' }
        $journal = Get-Content -Raw (Join-Path $Journals 'stage1.json')
        foreach ($secret in $secrets) { $journal.Contains($secret) | Should -BeFalse -Because 'the journal holds no secret' }
    }
}
