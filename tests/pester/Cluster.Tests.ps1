# The cluster cmdlets end to end against RspAdmin.Sandbox (simulated Kubernetes API and kubelets)
# and the docker-registry it starts on loopback: nodes, status, menu, prepull, faults, cleanup.
BeforeDiscovery {
    $script:HaveRegistry = [bool](Get-Command docker-registry -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $PSStyle.OutputRendering = 'PlainText'
    $ProgressPreference = 'SilentlyContinue'
    $script:ThreeNodes = Join-Path $env:RSPADMIN_ROOT 'src/RspAdmin.Sandbox/scenarios/three-nodes.yaml'

    function script:New-Scenario([string] $Name, [string] $Extra, [string] $NodeExtra = '', [hashtable] $Replace = @{}) {
        $text = (Get-Content -Raw $script:ThreeNodes) + "`n" + $Extra
        foreach ($key in $Replace.Keys) { $text = $text.Replace($key, $Replace[$key]) }
        if ($NodeExtra) { $text = $text -replace '(?m)^  - name: node3$', "  - name: node3`n$NodeExtra" }
        $path = Join-Path $TestDrive "$Name.yaml"
        Set-Content -Path $path -Value $text
        $path
    }

    function script:Get-PrepullPod($Sandbox) {
        @((Invoke-RestMethod "$($Sandbox.ApiAddress)/api/v1/pods?labelSelector=nublado.lsst.io%2Fcategory%3Dprepuller").items)
    }

    function script:Connect-Sandbox($Sandbox, [int] $NumWeeklies = 2) {
        $config = Get-LabImageConfig -Registry $Sandbox.RegistryAddress -Repository lsstsqre/sciplat-lab -NumWeeklies $NumWeeklies
        $cluster = @{ Kubeconfig = $Sandbox.KubeconfigPath }
        return $config, $cluster
    }
}

Describe 'A three-node rehearsal cluster' -Skip:(-not $HaveRegistry) {
    BeforeAll {
        $script:Sandbox = Start-LabSandbox -Scenario $ThreeNodes
        $script:Config, $script:Cluster = Connect-Sandbox $Sandbox
    }

    AfterAll {
        if ($script:Sandbox) { $script:Sandbox | Stop-LabSandbox }
    }

    It 'is reachable with kubectl get nodes,pods -A through the kubeconfig it wrote' {
        $out = & kubectl --kubeconfig $Sandbox.KubeconfigPath get nodes,pods -A 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out -join "`n") | Should -Match '(?m)^node/node1\s+Ready'
        ($out -join "`n") | Should -Match '(?m)^node/node3\s+Ready'
    }

    It 'Get-LabNode tells the tainted node from the eligible ones and what each lacks' {
        $nodes = @($Config | Get-LabNode @Cluster)
        $nodes.Name | Should -Be @('node1', 'node2', 'node3')
        $nodes.Eligible | Should -Be @($true, $false, $true)
        $nodes[1].Comment | Should -BeExactly 'Node is tainted (NoSchedule, nublado.lsst.io/maintenance = true)'
        $nodes[2].Missing | Should -Be @('r27_0_0', 'w_2024_52', 'd_2024_12_30')
        @($Config | Get-LabNode @Cluster -Name 'node[12]').Name | Should -Be @('node1', 'node2')
    }

    It 'Get-PrepullStatus counts only eligible nodes as missing' {
        $status = $Config | Get-PrepullStatus @Cluster
        $status.Complete | Should -BeFalse
        ($status.Pending | Where-Object Tag -EQ 'w_2024_52').Missing | Should -Be @('node3')
        ($status.Pending | Where-Object Tag -EQ 'd_2024_12_30').Missing | Should -Be @('node1', 'node3')
        ($Config | Get-PrepullStatus @Cluster -AsJson | ConvertFrom-Json).nodes[1].comment | Should -Match 'tainted'
    }

    It 'Invoke-Prepull -WhatIf creates nothing' {
        $Config | Invoke-Prepull @Cluster -WhatIf 6>$null | Should -BeNullOrEmpty
        Get-PrepullPod $Sandbox | Should -BeNullOrEmpty
    }

    It 'Invoke-Prepull fills the eligible nodes, leaves node2 alone and no pod behind' {
        $results = @($Config | Invoke-Prepull @Cluster)
        $results.Count | Should -Be 5
        $results.Outcome | Sort-Object -Unique | Should -Be 'Pulled'
        $results.NodeName | Sort-Object -Unique | Should -Be @('node1', 'node3')
        Get-PrepullPod $Sandbox | Should -BeNullOrEmpty
    }

    It 'then the status is complete and the menu lists every prepulled image' {
        ($Config | Get-PrepullStatus @Cluster).Complete | Should -BeTrue
        $menu = @($Config | Get-LabMenu @Cluster -List Menu)
        $menu.Name | Should -Be @('Recommended (Weekly 2024_52)', 'Release r27.0.0', 'Weekly 2024_51', 'Daily 2024_12_30')
        $menu[0].Reference | Should -Match '^127\.0\.0\.1:\d+/lsstsqre/sciplat-lab:recommended@sha256:[0-9a-f]{64}$'
    }

    It 'a second Invoke-Prepull has nothing to do' {
        $Config | Invoke-Prepull @Cluster | Should -BeNullOrEmpty
    }

    It 'Get-LabMenu warns about an unversioned recommended image, naming the tag to pin and Set-RecommendedTag' {
        $config, $cluster = Connect-Sandbox $Sandbox -NumWeeklies 0
        $menu = @($config | Get-LabMenu @cluster -List Menu -WarningVariable warnings -WarningAction SilentlyContinue)
        $menu[0].Name | Should -BeExactly 'Recommended'
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match "pin 'w_2024_52'"
        $warnings[0].Message | Should -Match 'Set-RecommendedTag'
    }

    It 'reports a missing kubeconfig and an unknown context with stable identifiers' {
        { $Config | Get-LabNode -Kubeconfig (Join-Path $TestDrive 'none') -AllowInsecureRegistry } |
            Should -Throw -ErrorId 'Cluster.KubeconfigNotFound,RspAdmin.Cmdlets.Commands.GetLabNodeCommand'
        { $Config | Get-LabNode @Cluster -Context nowhere } |
            Should -Throw -ErrorId 'Cluster.ContextNotFound,RspAdmin.Cmdlets.Commands.GetLabNodeCommand'
    }

    It 'completes -Context from the kubeconfig' {
        $line = "Get-LabNode -Kubeconfig '$($Sandbox.KubeconfigPath)' -Context sa"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('sandbox')
    }
}

Describe 'Faults' -Skip:(-not $HaveRegistry) {
    AfterEach {
        if ($script:Sandbox) { $script:Sandbox | Stop-LabSandbox; $script:Sandbox = $null }
    }

    It 'API <Status> on pod creation is retried or the pod replaced, and every pull succeeds' -ForEach @(
        @{ Status = 409 }, @{ Status = 429 }, @{ Status = 500 }
    ) {
        $script:Sandbox = Start-LabSandbox -Scenario $ThreeNodes
        $config, $cluster = Connect-Sandbox $Sandbox
        $fault = @{ method = 'POST'; path = '/api/v1/namespaces/*/pods'; status = $Status; count = 2 } | ConvertTo-Json
        Invoke-RestMethod -Method Post "$($Sandbox.ApiAddress)/sandbox/v1/faults" -Body $fault -ContentType 'application/json' | Out-Null
        $results = @($config | Invoke-Prepull @cluster)
        $results.Count | Should -Be 5
        $results.Outcome | Sort-Object -Unique | Should -Be 'Pulled'
        (Invoke-RestMethod "$($Sandbox.ApiAddress)/sandbox/v1/faults")[0].fired | Should -BeGreaterOrEqual 2
        Get-PrepullPod $Sandbox | Should -BeNullOrEmpty
    }

    It 'deletes each node''s succeeded pods with one deletecollection, and pod by pod where the API refuses it (<Case>)' -ForEach @(
        @{ Case = 'allowed'; Refuse = $false }, @{ Case = 'refused with 403'; Refuse = $true }
    ) {
        $script:Sandbox = Start-LabSandbox -Scenario $ThreeNodes
        $config, $cluster = Connect-Sandbox $Sandbox
        if ($Refuse) {
            # The collection path alone: DELETE of one pod (/pods/<name>) does not match it.
            $fault = @{ method = 'DELETE'; path = '/api/v1/namespaces/*/pods'; status = 403; count = 0 } | ConvertTo-Json
            Invoke-RestMethod -Method Post "$($Sandbox.ApiAddress)/sandbox/v1/faults" -Body $fault -ContentType 'application/json' | Out-Null
        }
        $null = Invoke-RestMethod -Method Delete "$($Sandbox.ApiAddress)/sandbox/v1/requests"
        $results = @($config | Invoke-Prepull @cluster -Verbose 4>&1)
        $pulls = @($results | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose = @($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $pulls.Count | Should -Be 5
        $pulls.Outcome | Sort-Object -Unique | Should -Be 'Pulled'
        Get-PrepullPod $Sandbox | Should -BeNullOrEmpty
        $deletes = @((Invoke-RestMethod "$($Sandbox.ApiAddress)/sandbox/v1/requests").requests | Where-Object method -EQ 'DELETE')
        $collection = @($deletes | Where-Object path -EQ '/api/v1/namespaces/nublado/pods')
        $single = @($deletes | Where-Object path -Match '/pods/prepull-')
        # The request log keeps paths; -Verbose shows each request with its query.
        $sent = @($verbose | Where-Object { $_ -match '^DELETE /api/v1/namespaces/nublado/pods\?' } | ForEach-Object { ($_ -split ' ')[1] })
        if ($Refuse) {
            # Refused once, then every pod of the run is deleted by name.
            ($collection | Measure-Object count -Sum).Sum | Should -Be 1
            $collection[0].status | Should -Be 403
            ($single | Measure-Object count -Sum).Sum | Should -Be 5
            @($verbose -match 'refused to delete the succeeded pods of node node\d together \(403').Count | Should -Be 1
        }
        else {
            # node1 pulls 2 images and node3 pulls 3: one request each, for that node's succeeded prepuller pods.
            $single | Should -BeNullOrEmpty
            ($collection | Measure-Object count -Sum).Sum | Should -Be 2
            $collection.status | Sort-Object -Unique | Should -Be 200
            $sent | Sort-Object | Should -Be @(
                '/api/v1/namespaces/nublado/pods?labelSelector=nublado.lsst.io%2Fcategory%3Dprepuller&fieldSelector=spec.nodeName%3Dnode1%2Cstatus.phase%3DSucceeded'
                '/api/v1/namespaces/nublado/pods?labelSelector=nublado.lsst.io%2Fcategory%3Dprepuller&fieldSelector=spec.nodeName%3Dnode3%2Cstatus.phase%3DSucceeded')
        }
    }

    It 'a pod watch the API refuses ends Invoke-Prepull with Cluster.Forbidden, not with every pull timing out' {
        $script:Sandbox = Start-LabSandbox -Scenario $ThreeNodes
        $config, $cluster = Connect-Sandbox $Sandbox
        # The executor lists no pods: the only GET on the namespaced pods path is its watch.
        $fault = @{ method = 'GET'; path = '/api/v1/namespaces/*/pods'; status = 403; count = 0 } | ConvertTo-Json
        Invoke-RestMethod -Method Post "$($Sandbox.ApiAddress)/sandbox/v1/faults" -Body $fault -ContentType 'application/json' | Out-Null
        { $config | Invoke-Prepull @cluster -PullTimeout '00:00:20' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Cluster.Forbidden,RspAdmin.Cmdlets.Commands.InvokePrepullCommand'
        Get-PrepullPod $Sandbox | Should -BeNullOrEmpty
    }

    It 'a pod stuck Pending times out, and the others still succeed' {
        $script:Sandbox = Start-LabSandbox -Scenario (New-Scenario 'pending' "faults:`n  pendingPods: [`"prepull-r27-0-0-node3`"]")
        $config, $cluster = Connect-Sandbox $Sandbox
        $results = @($config | Invoke-Prepull @cluster -PullTimeout '00:00:08')
        $stuck = $results | Where-Object { $_.NodeName -eq 'node3' -and $_.Tag -eq 'r27_0_0' }
        $stuck.Outcome | Should -Be 'TimedOut'
        $stuck.Reason | Should -Match 'Pending'
        @($results | Where-Object Outcome -EQ 'Pulled').Count | Should -Be 4
        Get-PrepullPod $Sandbox | Should -BeNullOrEmpty
    }

    It 'a node that vanishes is reported, not fatal' {
        $script:Sandbox = Start-LabSandbox -Scenario (New-Scenario 'vanish' '' -NodeExtra '    vanishAfterPulls: 1')
        $config, $cluster = Connect-Sandbox $Sandbox
        $results = @($config | Invoke-Prepull @cluster -WarningVariable warnings -WarningAction SilentlyContinue)
        $results.Count | Should -Be 5
        @($results | Where-Object NodeName -EQ 'node1').Outcome | Should -Be @('Pulled', 'Pulled')
        # node3 leaves right after its first pull, before that pod ends: every pull there is reported.
        $node3 = @($results | Where-Object NodeName -EQ 'node3')
        $node3.Count | Should -Be 3
        $node3.Outcome | Sort-Object -Unique | Should -Be 'NodeVanished'
        $warnings.Count | Should -BeGreaterThan 0
        Get-PrepullPod $Sandbox | Should -BeNullOrEmpty
    }

    It 'an image the registry does not have fails with the kubelet''s reason' {
        # Pulls take 5 s per image. Once the first pods run (the catalog is read by then), the daily's
        # manifest is deleted from the registry; the nodes pull it last, and the kubelet finds nothing.
        $script:Sandbox = Start-LabSandbox -Scenario (New-Scenario 'unknown' '' -Replace @{ 'pullLatencySeconds: 0.5' = 'pullLatencySeconds: 5' })
        $config, $cluster = Connect-Sandbox $Sandbox
        $registry = $Sandbox.RegistryAddress
        $accept = @{ Accept = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' }
        $digest = (Invoke-WebRequest -Method Head "http://$registry/v2/lsstsqre/sciplat-lab/manifests/d_2024_12_30" -Headers $accept).Headers['Docker-Content-Digest'][0]
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:RSPADMIN_MANIFEST).AddStatement()
            $null = $ps.AddCommand('Invoke-Prepull').AddParameter('Config', $config).AddParameter('Kubeconfig', $Sandbox.KubeconfigPath).AddParameter('AllowInsecureRegistry').AddParameter('PullTimeout', [timespan]'00:01:00')
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-PrepullPod $Sandbox).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            (Invoke-WebRequest -Method Delete "http://$registry/v2/lsstsqre/sciplat-lab/manifests/$digest").StatusCode | Should -Be 202
            $results = @($ps.EndInvoke($async))
        }
        finally { $ps.Dispose() }
        $daily = @($results | Where-Object Tag -EQ 'd_2024_12_30')
        $daily.Count | Should -Be 2
        $daily.Outcome | Sort-Object -Unique | Should -Be 'Failed'
        $daily[0].Reason | Should -Match 'ErrImagePull|ImagePullBackOff'
        @($results | Where-Object Outcome -EQ 'Pulled').Count | Should -Be 3
        Get-PrepullPod $Sandbox | Should -BeNullOrEmpty
    }
}

Describe 'Ctrl+C' -Skip:(-not $HaveRegistry) {
    It 'stopping Invoke-Prepull deletes every pod it created' {
        $sandbox = Start-LabSandbox -Scenario (New-Scenario 'slow' '' -NodeExtra '    pullLatencySeconds: 60')
        try {
            $config, $cluster = Connect-Sandbox $sandbox
            $ps = [PowerShell]::Create()
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:RSPADMIN_MANIFEST).AddStatement()
            $null = $ps.AddCommand('Invoke-Prepull').AddParameter('Config', $config).AddParameter('Kubeconfig', $sandbox.KubeconfigPath).AddParameter('AllowInsecureRegistry')
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-PrepullPod $sandbox | Where-Object { $_.spec.nodeName -eq 'node3' }).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            @(Get-PrepullPod $sandbox).Count | Should -BeGreaterThan 0 -Because 'the prepull should be under way'
            $ps.Stop()
            # Stop() returns once the pipeline is stopping; the invocation completes just after.
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30)) | Should -BeTrue
            $async.IsCompleted | Should -BeTrue
            Get-PrepullPod $sandbox | Should -BeNullOrEmpty
            $ps.Dispose()
        }
        finally {
            $sandbox | Stop-LabSandbox
        }
    }
}

Describe 'Start-LabSandbox errors' {
    It 'reports a scenario that does not exist' {
        { Start-LabSandbox -Scenario (Join-Path $TestDrive 'missing.yaml') } |
            Should -Throw -ErrorId 'Cluster.SandboxNotFound,RspAdmin.Cmdlets.Commands.StartLabSandboxCommand'
    }

    It 'reports an invalid scenario with the sandbox''s own error' {
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content $bad "nodes: {`n"
        { Start-LabSandbox -Scenario $bad } | Should -Throw -ErrorId 'Cluster.SandboxStartFailed,RspAdmin.Cmdlets.Commands.StartLabSandboxCommand'
    }
}
