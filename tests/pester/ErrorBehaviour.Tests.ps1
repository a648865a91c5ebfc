# One rule for every cmdlet: a failure about one item (a registry or cluster that fails, a missing tag) is a
# non-terminating error, so '-ErrorAction SilentlyContinue; "after"' goes on; a failure that makes the whole
# call meaningless (a malformed argument, a missing checkout or kubeconfig) stops the command. The same
# failure behaves the same in every cmdlet; each row is one cmdlet and one failure.
BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:Data = Join-Path $env:RSPADMIN_ROOT 'tests/pester/Data/phalanx'

    # Nothing listens on port 1 of loopback: connections are refused at once.
    $script:Dead = '127.0.0.1:1'
    $script:DeadPhalanx = Join-Path $TestDrive 'dead-phalanx'
    Copy-Item -Recurse $script:Data $script:DeadPhalanx
    foreach ($file in Get-ChildItem (Join-Path $script:DeadPhalanx 'applications/nublado') -Filter 'values-*.yaml') {
        [IO.File]::WriteAllText($file.FullName, [IO.File]::ReadAllText($file.FullName).Replace('"ghcr.io"', "`"$script:Dead`""))
    }

    $script:DeadKubeconfig = Join-Path $TestDrive 'dead-kubeconfig'
    Set-Content $script:DeadKubeconfig @"
apiVersion: v1
kind: Config
clusters:
- name: dead
  cluster:
    server: http://$script:Dead
contexts:
- name: dead
  context:
    cluster: dead
    user: nobody
current-context: dead
users:
- name: nobody
  user:
    token: not-a-secret
"@
    $script:DeadConfig = Get-LabImageConfig -Registry $script:Dead -Repository lsst-sqre/sciplat-lab

    # Runs the call with -ErrorAction SilentlyContinue semantics and says whether the statement after it ran.
    function script:Invoke-Row([scriptblock] $Call) {
        $Error.Clear()
        $outcome = try { & $Call; 'continued' } catch { 'stopped' }
        $id = if ($Error.Count -gt 0) { ($Error[0].FullyQualifiedErrorId -split ',')[0] } else { $null }
        [pscustomobject]@{ Outcome = @($outcome)[-1]; ErrorId = $id }
    }
}

Describe 'Failures about one item are non-terminating in every cmdlet' {
    It '<Cmdlet>: <Failure> writes <ErrorId> and the script goes on' -ForEach @(
        @{ Cmdlet = 'Get-LabImage -Registry'; Failure = 'an unreachable registry'; ErrorId = 'Registry.Unreachable'
            Call = { Get-LabImage -Registry $Dead -Repository lsst-sqre/sciplat-lab -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabImage -Reference'; Failure = 'an unreachable registry'; ErrorId = 'Registry.Unreachable'
            Call = { Get-LabImage -Reference "$Dead/lsst-sqre/sciplat-lab:w_2022_40" -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabImage -Environment'; Failure = 'an unreachable registry'; ErrorId = 'Registry.Unreachable'
            Call = { Get-LabImage -PhalanxPath $DeadPhalanx -Environment usdfdev -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Set-RecommendedTag'; Failure = 'an unreachable registry'; ErrorId = 'Registry.Unreachable'
            Call = { Set-RecommendedTag -Registry $Dead -Repository lsst-sqre/sciplat-lab -Tag w_2022_40 -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Copy-LabImageTag'; Failure = 'an unreachable registry'; ErrorId = 'Registry.Unreachable'
            Call = { Copy-LabImageTag $Dead lsst-sqre/sciplat-lab w_2022_40 approved -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Update-LabImagePrepull'; Failure = 'an unreachable registry'; ErrorId = 'Registry.Unreachable'
            Call = { Update-LabImagePrepull -PhalanxPath $DeadPhalanx -Environment usdfdev -Tag w_2022_40 -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabNode'; Failure = 'an unreachable cluster'; ErrorId = 'Cluster.Unreachable'
            Call = { $DeadConfig | Get-LabNode -Kubeconfig $DeadKubeconfig -Timeout 5 -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-PrepullStatus'; Failure = 'an unreachable cluster'; ErrorId = 'Cluster.Unreachable'
            Call = { Get-PrepullStatus -Config $DeadConfig -Kubeconfig $DeadKubeconfig -Timeout 5 -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabMenu'; Failure = 'an unreachable cluster'; ErrorId = 'Cluster.Unreachable'
            Call = { Get-LabMenu -Config $DeadConfig -Kubeconfig $DeadKubeconfig -Timeout 5 -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Invoke-Prepull'; Failure = 'an unreachable cluster'; ErrorId = 'Cluster.Unreachable'
            Call = { Invoke-Prepull -Config $DeadConfig -Kubeconfig $DeadKubeconfig -Timeout 5 -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabImageConfig (piped)'; Failure = 'an unknown environment'; ErrorId = 'Config.EnvironmentNotFound'
            Call = { 'nowhere' | Get-LabImageConfig -PhalanxPath $Data -ErrorAction SilentlyContinue } }
    ) {
        $row = Invoke-Row $Call
        $row.Outcome | Should -Be 'continued'
        $row.ErrorId | Should -Be $ErrorId
    }
}

Describe 'Failures that make the call meaningless stop it in every cmdlet' {
    It '<Cmdlet>: <Failure> stops with <ErrorId>' -ForEach @(
        @{ Cmdlet = 'Set-RecommendedTag'; Failure = 'a malformed -ExpectedDigest'; ErrorId = 'Promotion.InvalidDigest'
            Call = { Set-RecommendedTag -Registry $Dead -Repository lsst-sqre/sciplat-lab -Tag w_2022_40 -ExpectedDigest nope -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Copy-LabImageTag'; Failure = 'a malformed -ExpectedDigest'; ErrorId = 'Promotion.InvalidDigest'
            Call = { Copy-LabImageTag $Dead lsst-sqre/sciplat-lab w_2022_40 approved -ExpectedDigest nope -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Copy-LabImageTag'; Failure = 'a malformed tag'; ErrorId = 'Promotion.InvalidTag'
            Call = { Copy-LabImageTag $Dead lsst-sqre/sciplat-lab w_2022_40 'not a tag' -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Set-RecommendedTag'; Failure = 'a malformed tag'; ErrorId = 'Promotion.InvalidTag'
            Call = { Set-RecommendedTag -Registry $Dead -Repository lsst-sqre/sciplat-lab -Tag 'not a tag' -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Update-LabImagePrepull'; Failure = 'a malformed tag'; ErrorId = 'Prepull.InvalidTag'
            Call = { Update-LabImagePrepull -PhalanxPath $DeadPhalanx -Environment usdfdev -Tag 'not a tag' -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabImage -Reference'; Failure = 'a malformed reference'; ErrorId = 'Reference.Malformed'
            Call = { Get-LabImage -Reference 'Not A/Reference' -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabImageConfig'; Failure = 'a missing checkout'; ErrorId = 'Config.FileNotFound'
            Call = { Get-LabImageConfig -PhalanxPath /nonexistent -Environment usdfdev -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabImage -Environment'; Failure = 'a missing checkout'; ErrorId = 'Config.FileNotFound'
            Call = { Get-LabImage -PhalanxPath /nonexistent -Environment usdfdev -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Set-RecommendedTag -Environment'; Failure = 'a missing checkout'; ErrorId = 'Config.FileNotFound'
            Call = { Set-RecommendedTag -PhalanxPath /nonexistent -Environment usdfdev -Tag w_2022_40 -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Update-LabImagePrepull'; Failure = 'a missing checkout'; ErrorId = 'Config.FileNotFound'
            Call = { Update-LabImagePrepull -PhalanxPath /nonexistent -Environment usdfdev -Tag w_2022_40 -Confirm:$false -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Get-LabNode'; Failure = 'a missing kubeconfig'; ErrorId = 'Cluster.KubeconfigNotFound'
            Call = { $DeadConfig | Get-LabNode -Kubeconfig /nonexistent/kubeconfig -ErrorAction SilentlyContinue } }
        @{ Cmdlet = 'Invoke-Prepull'; Failure = 'an unknown context'; ErrorId = 'Cluster.ContextNotFound'
            Call = { Invoke-Prepull -Config $DeadConfig -Kubeconfig $DeadKubeconfig -Context nosuch -Confirm:$false -ErrorAction SilentlyContinue } }
    ) {
        $row = Invoke-Row $Call
        $row.Outcome | Should -Be 'stopped'
        $row.ErrorId | Should -Be $ErrorId
    }
}

Describe 'What the errors say' {
    It 'a missing Phalanx checkout is named as a missing directory by every cmdlet that reads one' {
        foreach ($call in @(
                { Update-LabImagePrepull -PhalanxPath /nonexistent -Environment usdfdev -Tag w_2022_40 -Confirm:$false -ErrorAction Stop }
                { Get-LabImageConfig -PhalanxPath /nonexistent -Environment usdfdev -ErrorAction Stop })) {
            $err = $null
            try { & $call } catch { $err = $_ }
            $err.Exception.Message | Should -Match 'does not exist \(no such directory\)'
            $err.TargetObject | Should -Be ([IO.Path]::GetFullPath('/nonexistent'))
        }
    }

    It 'a malformed -ExpectedDigest is an argument error, not a moved image' {
        $err = $null
        try { Copy-LabImageTag $Dead lsst-sqre/sciplat-lab w_2022_40 approved -ExpectedDigest nope -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Not -Match 'pushed again'
    }

    It 'messages name no .NET internals, and the underlying exception stays in the record: <Case>' -ForEach @(
        @{ Case = 'an unreachable registry'; Call = { Get-LabImage -Registry $Dead -Repository a/b -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -ErrorVariable script:failures } }
        @{ Case = 'a reference with a digest and no tag'; Call = { try { Get-LabImage -Reference "$Dead/a/b@sha256:$('a' * 64)" -ErrorAction Stop } catch { $script:failures = @($_) } } }
        @{ Case = 'a kubeconfig that is not one'; Call = {
                $bad = Join-Path $TestDrive 'bad-kubeconfig'
                Set-Content $bad "apiVersion: v1`nkind: Config`nclusters: 12`n"
                try { $DeadConfig | Get-LabNode -Kubeconfig $bad -ErrorAction Stop } catch { $script:failures = @($_) } } }
        @{ Case = 'an unreachable cluster'; Call = { $DeadConfig | Get-LabNode -Kubeconfig $DeadKubeconfig -Timeout 5 -ErrorAction SilentlyContinue -ErrorVariable script:failures } }
    ) {
        $script:failures = $null
        & $Call
        $message = $script:failures[0].Exception.Message
        $message | Should -Not -BeNullOrEmpty
        $message | Should -Not -Match 'Exception|\(Parameter ''|deserialization|System\.|RspAdmin\.'
    }

    It 'a kubeconfig that cannot be read keeps the parser''s exception as the inner exception' {
        $bad = Join-Path $TestDrive 'bad-kubeconfig-2'
        Set-Content $bad "apiVersion: v1`nkind: Config`nclusters: [`n"
        try { $DeadConfig | Get-LabNode -Kubeconfig $bad -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'Cluster.KubeconfigInvalid,*'
        $err.Exception.Message | Should -Match 'line \d+, column \d+'
        $err.Exception.InnerException | Should -Not -BeNullOrEmpty
    }

    It 'a cluster failure names the kubeconfig and context as its target' {
        $DeadConfig | Get-LabNode -Kubeconfig $DeadKubeconfig -Timeout 5 -ErrorAction SilentlyContinue -ErrorVariable failures
        "$($failures[0].TargetObject)" | Should -BeLike "*$DeadKubeconfig*context dead*"
        $failures[0].Exception.Message | Should -Match 'http://127.0.0.1:1'
    }
}

Describe 'A registry that accepts connections and never answers' {
    BeforeAll {
        $script:Silent = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $Silent.Start()
        $script:SilentRegistry = "127.0.0.1:$($Silent.LocalEndpoint.Port)"
    }
    AfterAll { $Silent.Stop() }

    It '<Cmdlet> -Timeout shows retries as warnings and ends with Registry.Timeout naming the endpoint and the time' -ForEach @(
        @{ Cmdlet = 'Get-LabImage'; Call = { Get-LabImage -Registry $SilentRegistry -Repository a/b -Timeout 3 -ErrorAction SilentlyContinue -ErrorVariable script:failures -WarningVariable script:warnings 3>$null } }
        @{ Cmdlet = 'Copy-LabImageTag'; Call = { Copy-LabImageTag $SilentRegistry a/b w_2022_40 approved -Timeout 3 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable script:failures -WarningVariable script:warnings 3>$null } }
        @{ Cmdlet = 'Set-RecommendedTag'; Call = { Set-RecommendedTag -Registry $SilentRegistry -Repository a/b -Tag w_2022_40 -Timeout 3 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable script:failures -WarningVariable script:warnings 3>$null } }
    ) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        & $Call
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
        $script:failures.Count | Should -Be 1
        $script:failures[0].FullyQualifiedErrorId | Should -BeLike 'Registry.Timeout,*'
        $script:failures[0].Exception.Message | Should -Match ([regex]::Escape($SilentRegistry))
        $script:failures[0].Exception.Message | Should -Match '\d+(\.\d+)? s'
        $script:warnings.Count | Should -BeGreaterThan 0
        "$($script:warnings[0])" | Should -Match 'retrying'
    }
}
