# The service cmdlets end to end against the migration rehearsal world of RspAdmin.Sandbox: Argo CD rendering a
# Phalanx checkout, Vault, mobu, the hub routes, lab namespaces and a real PostgreSQL. Also scans every stream of
# these commands for the world's tokens and secret values.
BeforeDiscovery {
    $script:HavePostgres = [bool](Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $PSStyle.OutputRendering = 'PlainText'
    $ProgressPreference = 'SilentlyContinue'

    function script:Plain([securestring] $Secret) { [pscredential]::new('x', $Secret).GetNetworkCredential().Password }

    # Runs a block with every stream captured (output, errors, warnings, verbose with the request log, information).
    function script:Invoke-Captured([scriptblock] $Block) {
        $all = & { $VerbosePreference = 'Continue'; & $Block } *>&1
        $script:Captured.Add(($all | Out-String -Width 300)) | Out-Null
        $all | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $script:Captured.Add("$($_.FullyQualifiedErrorId) $($_.Exception.Message)") | Out-Null } }
        $all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.VerboseRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] -and $_ -isnot [System.Management.Automation.InformationRecord] }
    }
}

Describe 'The migration rehearsal world' -Skip:(-not $HavePostgres) {
    BeforeAll {
        $script:Captured = [System.Collections.Generic.List[string]]::new()
        $script:Sandbox = Start-LabSandbox migration
        $script:S = $Sandbox.Services
        $script:Argo = @{ Url = $S.ArgoCdUrl; Credential = [pscredential]::new($S.ArgoCdUsername, $S.ArgoCdPassword) }
        $script:Mobu = @{ Url = $S.MobuUrl; Token = $S.GafaelfawrToken }
        $script:Kube = @{ Kubeconfig = $Sandbox.KubeconfigPath }
        $script:Pg = @{ Server = $S.PostgresHost; Port = $S.PostgresPort; Credential = [pscredential]::new($S.PostgresUsername, $S.PostgresPassword) }
    }

    AfterAll {
        if ($script:Sandbox) { $script:Sandbox | Stop-LabSandbox }
    }

    It 'Start-LabSandbox returns every endpoint and credential, secrets as SecureString' {
        $S.ArgoCdUrl | Should -Match '^http://127\.0\.0\.1:\d+/argo-cd$'
        $S.VaultUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        $S.PostgresHost | Should -Be '127.0.0.1'
        $S.ArgoCdPassword | Should -BeOfType [securestring]
        $S.VaultWriteToken | Should -BeOfType [securestring]
        Test-Path (Join-Path $S.PhalanxPath 'environments/values-idfdev.yaml') | Should -BeTrue
        ($Sandbox | Out-String) | Should -Not -Match ([regex]::Escape((Plain $S.ArgoCdPassword)))
    }

    It 'a stage-1 style rehearsal: silence mobu, add the v3 secret, enable nublado on /n3, test the route' {
        $stopped = Invoke-Captured { Stop-MobuFlock @Mobu -Name tap, recommended -Confirm:$false }
        $stopped.Name | Should -Be @('tap', 'recommended')
        (Invoke-Captured { Get-MobuFlock @Mobu }) | Should -BeNullOrEmpty

        $vault = @{ Url = $S.VaultUrl; Token = $S.VaultWriteToken }
        $added = Invoke-Captured { Initialize-VaultSecret @vault -Path phalanx/idfdev/nublado -RandomKey crypto_key, proxy_token, cryptkeeper_key -Value @{ hub_db_password = 'pester-db-secret-771' } -Confirm:$false }
        $added.Method | Should -Be 'create'
        $status = Invoke-Captured { Get-VaultSecretStatus -Url $S.VaultUrl -Token $S.VaultReadToken -Path phalanx/idfdev/nublado -Key crypto_key, hub_db_password, slack_webhook }
        $status.State | Should -Be @('Present', 'Present', 'Absent')

        $env = Join-Path $S.PhalanxPath 'environments/values-idfdev.yaml'
        (Get-Content -Raw $env) -replace 'applications:', "applications:`n  nublado: true" | Set-Content -NoNewline $env
        Add-Content (Join-Path $S.PhalanxPath 'applications/nublado/values-idfdev.yaml') "jupyterhub:`n  hub:`n    baseUrl: `"/n3`""
        git -C $S.PhalanxPath -c user.name=ops -c user.email=ops@example.org commit -qam 'Enable nublado'
        $parent = Invoke-Captured { Get-ArgoCdApplication @Argo -Name science-platform }
        $parent.SyncStatus | Should -Be 'OutOfSync'
        (Invoke-Captured { Sync-ArgoCdApplication @Argo -Name science-platform -Wait -Confirm:$false }).Phase | Should -Be 'Succeeded'
        $result = Invoke-Captured { Sync-ArgoCdApplication @Argo -Name nublado -Wait -Healthy -Confirm:$false }
        $result.Phase | Should -Be 'Succeeded'
        $result.HealthStatus | Should -Be 'Healthy'
        $routes = Invoke-Captured { Test-HubRoute -Url $S.HubUrl -Token $S.GafaelfawrToken -Route /nb, /n3 }
        $routes.State | Should -Be @('Up', 'Up')
        $routes.Version | Should -Be @('3.0.0', '4.0.2')
        (Invoke-Captured { Invoke-MobuLabTest @Mobu -UrlPrefix /n3 }).Success | Should -BeTrue
    }

    It 'Sync-ArgoCdApplication refuses a second operation and -WhatIf changes nothing' {
        Sync-ArgoCdApplication @Argo -Name mobu -Confirm:$false | Out-Null
        $err = $null
        try { Sync-ArgoCdApplication @Argo -Name mobu -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Match '^ArgoCd\.OperationInProgress,'
        Start-Sleep -Seconds 1
        Sync-ArgoCdApplication @Argo -Name mobu -WhatIf | Should -BeNullOrEmpty
    }

    It 'Remove-LabUserNamespace previews the count, keeps decoys and removes only labelled exact-prefix namespaces' {
        { Remove-LabUserNamespace nublado2- @Kube -MaxCount 1 -Confirm:$false } | Should -Throw -ErrorId 'Cluster.TooManyNamespaces,*'
        (Get-LabUserNamespace nublado2- @Kube).Count | Should -Be 2
        $removed = Invoke-Captured { Get-LabUserNamespace nublado2- @Kube | Remove-LabUserNamespace -Confirm:$false @Kube }
        $removed.Outcome | Should -Be @('Deleted', 'Deleted')
        $names = (& kubectl --kubeconfig $Sandbox.KubeconfigPath get ns -o name) -replace '^namespace/', ''
        foreach ($decoy in 'nublado2', 'nublado-users', 'mynublado2-x', 'mynublado-x', 'nublado2-eve') { $names | Should -Contain $decoy }
        $names | Should -Not -Contain 'nublado2-alice'
    }

    It 'Remove-HubDatabase refuses a database a values file names and drops a leftover one' {
        { Remove-HubDatabase @Pg -Name jupyterhub -Role jovyan -PhalanxPath $S.PhalanxPath -Confirm:$false } | Should -Throw -ErrorId 'Postgres.StillReferenced,*'
        (Get-HubDatabase @Pg -Name jupyterhub).Exists | Should -BeTrue
        $dropped = Invoke-Captured { Remove-HubDatabase @Pg -Name scratchhub -Role scratch -PhalanxPath $S.PhalanxPath -Confirm:$false }
        $dropped.DatabaseDropped | Should -BeTrue
        (Get-HubDatabase @Pg -Name scratchhub -Role scratch).Exists | Should -BeFalse
    }

    It 'bad input gets stable error IDs in bounded time' {
        { Get-ArgoCdApplication -Url $S.ArgoCdUrl -Token (ConvertTo-SecureString 'argo-wrong-token-3310' -AsPlainText -Force) -Name nublado2 -ErrorAction Stop } | Should -Throw -ErrorId 'ArgoCd.Unauthorized,*'
        { Get-MobuFlock -Url $S.MobuUrl -Token (ConvertTo-SecureString 'gt-wrong-token-5521' -AsPlainText -Force) } | Should -Throw -ErrorId 'Auth.TokenRejected,*'
        { Initialize-VaultSecret -Url $S.VaultUrl -Token $S.VaultReadToken -Path phalanx/idfdev/other -RandomKey a -Confirm:$false } | Should -Throw -ErrorId 'Vault.PermissionDenied,*'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { Get-ArgoCdApplication -Url 'http://127.0.0.1:9/argo-cd' -Token $S.GafaelfawrToken -Name x -Timeout 3 } | Should -Throw -ErrorId 'ArgoCd.*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
    }

    It 'no stream of these commands carries a token or secret value of the world' {
        $secrets = @((Plain $S.ArgoCdPassword), (Plain $S.VaultWriteToken), (Plain $S.VaultReadToken), (Plain $S.GafaelfawrToken), (Plain $S.PostgresPassword), 'pester-db-secret-771', 'argo-wrong-token-3310', 'gt-wrong-token-5521')
        $Captured.Count | Should -BeGreaterThan 5
        $text = $Captured -join "`n"
        $text | Should -Match 'GET http://127\.0\.0\.1'
        foreach ($secret in $secrets) { $text.Contains($secret) | Should -BeFalse -Because 'no secret may reach a stream' }
        $text | Should -Not -Match 'gt-[0-9a-f]{22}'
    }
}
