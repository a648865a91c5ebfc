# The cluster cmdlets as an operator meets them: node names that match nothing, -Verbose request lines,
# API servers that never answer, the prepull filters, completion of cluster names and sandbox safety.
BeforeDiscovery {
    $script:HaveRegistry = [bool](Get-Command docker-registry -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $PSStyle.OutputRendering = 'PlainText'
    $ProgressPreference = 'SilentlyContinue'

    function script:Write-Kubeconfig([string] $Path, [string] $Server) {
        Set-Content $Path @"
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: $Server
contexts:
- name: c
  context:
    cluster: c
    user: u
current-context: c
users:
- name: u
  user:
    token: not-a-secret
"@
    }

    function script:Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Time parameters' {
    It 'every time parameter of every cmdlet reads what an operator types' {
        $timeParameters = foreach ($command in Get-Command -Module RspAdmin -CommandType Cmdlet) {
            foreach ($parameter in $command.Parameters.Values) {
                if ($parameter.ParameterType -in [timespan], [Nullable[timespan]]) { "$($command.Name) -$($parameter.Name)" }
                if ($parameter.ParameterType -in [timespan], [Nullable[timespan]] -and
                    -not ($parameter.Attributes | Where-Object { $_.GetType().Name -eq 'DurationArgumentAttribute' })) {
                    throw "$($command.Name) -$($parameter.Name) does not read durations"
                }
            }
        }
        $timeParameters | Should -Contain 'Invoke-Prepull -PullTimeout'
        $timeParameters | Should -Contain 'Get-LabNode -Timeout'
        $timeParameters | Should -Contain 'Start-LabSandbox -ReadyTimeout'
        $timeParameters | Should -Contain 'Stop-LabSandbox -Grace'
    }

    It 'reads <Value> as <Expected>' -ForEach @(
        @{ Value = 30; Expected = '00:00:30' }
        @{ Value = '30'; Expected = '00:00:30' }
        @{ Value = '00:05:00'; Expected = '00:05:00' }
        @{ Value = '5m'; Expected = '00:05:00' }
        @{ Value = '1h30m'; Expected = '01:30:00' }
        @{ Value = [timespan]::FromMinutes(2); Expected = '00:02:00' }
    ) {
        $attribute = [RspAdmin.Cmdlets.Infrastructure.DurationArgumentAttribute]::new(1)
        $attribute.Transform($ExecutionContext, $Value) | Should -Be ([timespan]$Expected)
    }

    It 'refuses <Value> with a message that names the unit and the minimum' -ForEach @(
        @{ Value = 0.5 }
        @{ Value = '0s' }
        @{ Value = 'soon' }
    ) {
        $config = Get-LabImageConfig -Registry 127.0.0.1:1 -Repository a/b
        { $config | Get-LabNode -Timeout $Value } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,RspAdmin.Cmdlets.Commands.GetLabNodeCommand'
        try { $config | Get-LabNode -Timeout $Value } catch { $err = $_ }
        $err.Exception.Message | Should -Match 'second|duration'
    }
}

Describe 'An API server that accepts connections and never answers' {
    BeforeAll {
        # A listener that never accepts: the kernel completes connections, nobody ever answers.
        $script:Silent = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $Silent.Start()
        $script:SilentKubeconfig = Join-Path $TestDrive 'silent'
        Write-Kubeconfig $SilentKubeconfig "http://127.0.0.1:$($Silent.LocalEndpoint.Port)"
    }
    AfterAll { $Silent.Stop() }

    It 'ends with Cluster.Timeout naming the server, the kubeconfig and the time spent' {
        $config = Get-LabImageConfig -Registry 127.0.0.1:1 -Repository a/b
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $config | Get-LabNode -Kubeconfig $SilentKubeconfig -Timeout 2 -ErrorAction SilentlyContinue -ErrorVariable failures
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Cluster.Timeout,*'
        $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failures[0].Exception.Message | Should -Match "127\.0\.0\.1:$($Silent.LocalEndpoint.Port)"
        $failures[0].Exception.Message | Should -Match 'within 2 s'
        $failures[0].Exception.Message | Should -Not -Match 'operation was canceled'
        "$($failures[0].TargetObject)" | Should -BeLike "*$SilentKubeconfig*context c*"
        $failures[0].Exception.InnerException | Should -Not -BeNullOrEmpty
    }
}

Describe 'A rehearsal cluster' -Skip:(-not $HaveRegistry) {
    BeforeAll {
        $script:Sandbox = Start-LabSandbox -Scenario three-nodes
        $script:Config = Get-LabImageConfig -Registry $Sandbox.RegistryAddress -Repository lsstsqre/sciplat-lab
        $script:Cluster = @{ Kubeconfig = $Sandbox.KubeconfigPath }
    }
    AfterAll { if ($script:Sandbox) { $script:Sandbox | Stop-LabSandbox } }

    It 'Get-LabNode -Name with a name that matches no node is an ObjectNotFound error; a pattern is not' {
        $nodes = @($Config | Get-LabNode @Cluster -Name node1, nosuch -ErrorAction SilentlyContinue -ErrorVariable failures)
        $nodes.Name | Should -Be @('node1')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Cluster.NodeNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'nosuch'
        $Config | Get-LabNode @Cluster -Name 'nosuch*' -ErrorVariable none | Should -BeNullOrEmpty
        $none | Should -BeNullOrEmpty
    }

    It '-Verbose shows each Kubernetes API request with method, path, status and time on <Cmdlet>' -ForEach @(
        @{ Cmdlet = 'Get-LabNode' }
        @{ Cmdlet = 'Get-PrepullStatus' }
        @{ Cmdlet = 'Get-LabMenu' }
    ) {
        $lines = $Config | & $Cmdlet @Cluster -Verbose 4>&1 3>$null | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $lines | Where-Object { $_ -match '^GET /api/v1/nodes\S* -> 200 OK in \d+ ms$' } | Should -Not -BeNullOrEmpty
    }

    It 'Invoke-Prepull -NodeName and -Tag pull only the matching nodes and images; -Name is the node filter' {
        (Get-Command Invoke-Prepull).Parameters['NodeName'].Aliases | Should -Contain 'Name'
        $none = @($Config | Invoke-Prepull @Cluster -Name lab1 -Confirm:$false -WarningVariable warnings 3>$null)
        $none | Should -BeNullOrEmpty
        "$warnings" | Should -Match "No node matches 'lab1'"
        $results = @($Config | Invoke-Prepull @Cluster -NodeName 'node[3]' -Tag 'w_*' -Confirm:$false -PullTimeout 60)
        $results.Count | Should -BeGreaterThan 0
        $results.NodeName | Sort-Object -Unique | Should -Be 'node3'
        $results.Tag | ForEach-Object { $_ | Should -BeLike 'w_*' }
        $results.Outcome | Sort-Object -Unique | Should -Be 'Pulled'
    }

    It 'completes node names for Get-LabNode -Name and Invoke-Prepull -NodeName, namespaces for -Namespace' {
        Complete "Get-LabNode -Kubeconfig '$($Sandbox.KubeconfigPath)' -Name node" | Should -Be @('node1', 'node2', 'node3')
        Complete "Invoke-Prepull -Kubeconfig '$($Sandbox.KubeconfigPath)' -NodeName node2" | Should -Be @('node2')
        $namespaces = Complete "Invoke-Prepull -Kubeconfig '$($Sandbox.KubeconfigPath)' -Namespace "
        $namespaces | Should -Contain 'default'
        $namespaces | Should -Not -Contain ([IO.Path]::GetFileName($PWD))
    }

    It 'completes tags from -Environment and -PhalanxPath, leaving out those Set-RecommendedTag refuses' {
        $phalanx = Join-Path $TestDrive 'phalanx'
        Copy-Item -Recurse (Join-Path $env:RSPADMIN_ROOT 'tests/pester/Data/phalanx') $phalanx
        $values = Join-Path $phalanx 'applications/nublado/values-usdfdev.yaml'
        [IO.File]::WriteAllText($values, [IO.File]::ReadAllText($values).Replace('"ghcr.io"', "`"$($Sandbox.RegistryAddress)`"").Replace('lsst-sqre/sciplat-lab', 'lsstsqre/sciplat-lab'))
        $all = Complete "Get-LabImage -PhalanxPath '$phalanx' -Environment usdfdev -Tag "
        $all | Should -Contain 'w_2024_52'
        $promotable = Complete "Set-RecommendedTag -PhalanxPath '$phalanx' -Environment usdfdev -Tag "
        $promotable | Should -Contain 'w_2024_52'
        $promotable | Should -Not -Contain 'recommended'
        $promotable | Where-Object { $_ -match '-(amd64|arm64)$' } | Should -BeNullOrEmpty
    }

    It 'completes tags from a bound -Config' {
        $global:RspAdminCompletionConfig = $Config
        try {
            $tags = Complete 'Invoke-Prepull -Config $global:RspAdminCompletionConfig -Tag w_2024_5'
            $tags | Should -Contain 'w_2024_52'
            $tags | ForEach-Object { $_ | Should -BeLike 'w_2024_5*' }
        }
        finally { Remove-Variable -Scope Global RspAdminCompletionConfig }
    }

    It 'completes the built-in scenario names for Start-LabSandbox -Scenario' {
        Complete 'Start-LabSandbox -Scenario thr' | Should -Contain 'three-nodes'
    }
}

Describe 'Start-LabSandbox and Stop-LabSandbox change nothing with -WhatIf' {
    It 'Start-LabSandbox -WhatIf starts nothing and writes no kubeconfig' {
        $path = Join-Path $TestDrive 'whatif-kubeconfig'
        Start-LabSandbox three-nodes -KubeconfigPath $path -WhatIf | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
    }

    It 'Start-LabSandbox refuses to overwrite an existing -KubeconfigPath without -Force' {
        $path = Join-Path $TestDrive 'existing-kubeconfig'
        Set-Content $path 'keep me'
        { Start-LabSandbox three-nodes -KubeconfigPath $path -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'Sandbox.KubeconfigExists,RspAdmin.Cmdlets.Commands.StartLabSandboxCommand'
        Get-Content $path | Should -Be 'keep me'
    }

    It 'Stop-LabSandbox -WhatIf leaves the sandbox running; -Force lets Start-LabSandbox overwrite' -Skip:(-not $HaveRegistry) {
        $path = Join-Path $TestDrive 'forced-kubeconfig'
        Set-Content $path 'old'
        $sandbox = Start-LabSandbox three-nodes -KubeconfigPath $path -Force
        try {
            Get-Content -Raw $path | Should -Match 'apiVersion'
            $sandbox | Stop-LabSandbox -WhatIf
            (Invoke-RestMethod "$($sandbox.ApiAddress)/api/v1/nodes").items.Count | Should -Be 3
        }
        finally { $sandbox | Stop-LabSandbox }
    }
}

Describe 'Get-LabMenu names the tag to pin when no node holds the recommended image' -Skip:(-not $HaveRegistry) {
    BeforeAll {
        # three-nodes with w_2024_52 (the recommended weekly) on no node: only the registry can name it.
        $scenario = Join-Path $TestDrive 'no-node-holds-it.yaml'
        (Get-Content -Raw (Join-Path $env:RSPADMIN_ROOT 'src/RspAdmin.Sandbox/scenarios/three-nodes.yaml')).
            Replace('ref: lsstsqre/sciplat-lab:w_2024_52', 'ref: lsstsqre/sciplat-lab:w_2024_50') | Set-Content $scenario
        $script:Lonely = Start-LabSandbox -Scenario $scenario
    }
    AfterAll { if ($script:Lonely) { $script:Lonely | Stop-LabSandbox } }

    It 'looks the candidate digests up in the registry, newest first, and names w_2024_52' {
        $config = Get-LabImageConfig -Registry $Lonely.RegistryAddress -Repository lsstsqre/sciplat-lab -NumWeeklies 0
        $menu = @($config | Get-LabMenu -Kubeconfig $Lonely.KubeconfigPath -List Menu -WarningVariable warnings -WarningAction SilentlyContinue -Verbose 4>&1 |
            Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $menu[0].Name | Should -BeExactly 'Recommended'
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match "pin 'w_2024_52'"
    }
}
