# Get-LabImage against real registries: Debian's docker-registry on 127.0.0.1, seeded by the project's
# local registry tool, once open and once behind htpasswd Basic authentication.
BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    Import-Module (Join-Path $env:RSPADMIN_ROOT 'tools/RspAdmin.LocalRegistry/LocalRegistryProcess.psm1') -Force
    function Start-Or-Skip([hashtable] $Arguments) {
        try { Start-LocalRegistry -Root $env:RSPADMIN_ROOT @Arguments }
        catch { [pscustomobject]@{ Skip = $_.Exception.Message } }
    }
    $script:open = Start-Or-Skip @{ Tags = 300 }
    $script:basic = Start-Or-Skip @{ Tags = 40; Auth = 'basic' }
    $script:repo = 'lsst-sqre/sciplat-lab'
    $script:cmd = 'RspAdmin.Cmdlets.Commands.GetLabImageCommand'
}

AfterAll {
    $script:open, $script:basic | Stop-LocalRegistry
}

Describe 'Get-LabImage' {
    BeforeEach {
        if ($script:open.PSObject.Properties['Skip']) { Set-ItResult -Skipped -Because $script:open.Skip }
    }

    It 'lists every tag but the per-architecture ones, in menu order' {
        $all = Get-LabImage $open.Registry $repo -ResolveDigest None
        $withArch = Get-LabImage $open.Registry $repo -ResolveDigest None -IncludeArchitectureSpecific
        $withArch.Count | Should -Be $open.Tags
        ($withArch | Where-Object IsArchitectureSpecific).Count | Should -Be ($withArch.Count - $all.Count)
        $all | Where-Object IsArchitectureSpecific | Should -BeNullOrEmpty
        $order = 'Alias', 'Release', 'Weekly', 'Daily', 'ReleaseCandidate', 'Experimental', 'Unknown'
        $ranks = $all | ForEach-Object { [array]::IndexOf($order, $_.Type.ToString()) }
        for ($i = 1; $i -lt $ranks.Count; $i++) { $ranks[$i] | Should -BeGreaterOrEqual $ranks[$i - 1] }
        $weeklies = ($all | Where-Object Type -EQ 'Weekly').Version
        for ($i = 1; $i -lt $weeklies.Count; $i++) { $weeklies[$i].CompareTo($weeklies[$i - 1]) | Should -BeLessOrEqual 0 }
    }

    It 'reads digests of the prepull set only, and resolves recommended once its target is pinned' {
        $prepull = Get-LabImage $open.Registry $repo -PrepullSet
        $prepull | ForEach-Object { $_.Digest | Should -Match '^sha256:[0-9a-f]{64}$' }
        $prepull[0].Tag | Should -Be 'recommended'
        $prepull[0].DisplayName | Should -BeExactly 'Recommended' -Because "the target $($open.RecommendedTarget) is older than the prepulled weeklies"

        $pinned = Get-LabImageConfig -Registry $open.Registry -Repository $repo -Pin $open.RecommendedTarget | Get-LabImage -Class recommended
        $pinned.AliasTarget | Should -Be $open.RecommendedTarget
        $target = ConvertFrom-LabImageTag $open.RecommendedTarget
        $pinned.DisplayName | Should -BeExactly "Recommended ($($target.DisplayName))"
    }

    It 'resolves every digest with -ResolveDigest All' {
        $images = Get-LabImage $open.Registry $repo -ResolveDigest All -Tag 'w_*', 'recommended'
        $images | Where-Object { -not $_.Digest } | Should -BeNullOrEmpty
        ($images | Where-Object Tag -EQ 'recommended').AliasTarget | Should -Be $open.RecommendedTarget
    }

    It 'filters by wildcard tag, type and class' {
        $weeklies = Get-LabImage $open.Registry $repo -Tag 'W_2025_*' -ResolveDigest None
        $weeklies | Should -Not -BeNullOrEmpty
        $weeklies.Tag | ForEach-Object { $_ | Should -BeLike 'w_2025_*' }
        (Get-LabImage $open.Registry $repo -Type Daily, Release -ResolveDigest None).Type | Sort-Object -Unique | Should -Be @('Daily', 'Release')
        $classes = Get-LabImage $open.Registry $repo -Class latest-weekly, latest-daily
        $classes.Type | Should -Be @('Weekly', 'Daily')
    }

    It 'warns about a class with no image' {
        $config = Get-LabImageConfig -Registry $open.Registry -Repository $repo -NumReleases 0
        $null = $config | Get-LabImage -Class latest-release -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -Match 'No latest-release image'
    }

    It 'reads one image by reference and checks a digest in it' {
        $image = Get-LabImage -Reference "$($open.Registry)/$($repo):$($open.RecommendedTarget)"
        $image.Type | Should -Be 'Weekly'
        $same = Get-LabImage -Reference "$($image.Reference)@$($image.Digest)"
        $same.Digest | Should -Be $image.Digest
        $wrong = 'sha256:' + ('0' * 64)
        { Get-LabImage -Reference "$($image.Reference)@$wrong" -ErrorAction Stop } | Should -Throw -ErrorId "Registry.DigestMismatch,$cmd"
    }

    It 'takes configurations from the pipeline, one catalog each' {
        $configs = @(
            Get-LabImageConfig -Registry $open.Registry -Repository $repo -NumWeeklies 1 -NumDailies 0 -NumReleases 0
            Get-LabImageConfig -Registry $open.Registry -Repository $repo -NumWeeklies 0 -NumDailies 1 -NumReleases 0
        )
        $images = $configs | Get-LabImage -PrepullSet
        ($images | Where-Object Tag -EQ 'recommended').Count | Should -Be 2
        ($images | Where-Object Type -EQ 'Weekly').Count | Should -Be 1
        ($images | Where-Object Type -EQ 'Daily').Count | Should -Be 1
    }

    It 'says so when piped something that is not a configuration' {
        { 'not a config' | Get-LabImage -ErrorAction Stop } | Should -Throw -ErrorId "InputObjectNotBound,$cmd"
    }

    It 'reports a malformed reference with its own error ID' {
        { Get-LabImage -Reference "$($open.Registry)/$($repo):not a tag" -ErrorAction Stop } | Should -Throw -ErrorId "Reference.Malformed,$cmd"
        { Get-LabImage -Reference "$($open.Registry)/$($repo)@sha256:$('0' * 64)" -ErrorAction Stop } | Should -Throw -ErrorId "Reference.NoTag,$cmd"
    }

    It 'tells a missing repository from a missing tag' {
        { Get-LabImage $open.Registry 'no/such-repository' } | Should -Throw -ErrorId "Registry.RepositoryNotFound,$cmd"
        { Get-LabImage -Reference "$($open.Registry)/$($repo):w_1999_01" -ErrorAction Stop } | Should -Throw -ErrorId "Registry.ManifestNotFound,$cmd"
    }

    It 'names an unreachable registry' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        { Get-LabImage "127.0.0.1:$port" $repo } | Should -Throw -ErrorId "Registry.Unreachable,$cmd"
    }

    It 'reports a registry host that does not resolve as unreachable' {
        { Get-LabImage 'registry.invalid' $repo } | Should -Throw -ErrorId "Registry.Unreachable,$cmd"
    }

    It 'shows each request with -Verbose' {
        $verbose = Get-LabImage $open.Registry $repo -PrepullSet -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose | Where-Object Message -Match '^GET http://127\.0\.0\.1:\d+/v2/lsst-sqre/sciplat-lab/tags/list -> 200').Count | Should -Be 1
        ($verbose | Where-Object Message -Match '^HEAD .*/manifests/.* -> 200').Count | Should -Be 7
    }

    It 'completes -Tag from the registry' {
        $line = "Get-LabImage $($open.Registry) $repo -Tag recomm"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Contain 'recommended'
        $completions.CompletionText | Should -Contain 'recommended_c0044'
    }
}

Describe 'Get-LabImage with Basic authentication' {
    BeforeEach {
        if ($script:basic.PSObject.Properties['Skip']) { Set-ItResult -Skipped -Because $script:basic.Skip }
    }

    It 'asks for credentials when none are given' {
        { Get-LabImage $basic.Registry $repo } | Should -Throw -ErrorId "Registry.AuthenticationRequired,$cmd"
    }

    It 'reports refused credentials' {
        $wrong = [pscredential]::new($basic.Username, (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
        { Get-LabImage $basic.Registry $repo -Credential $wrong } | Should -Throw -ErrorId "Registry.CredentialsRejected,$cmd"
    }

    It 'reads the catalog with good credentials and never writes the password' {
        $good = [pscredential]::new($basic.Username, (ConvertTo-SecureString $basic.Password -AsPlainText -Force))
        $output = Get-LabImage $basic.Registry $repo -Credential $good -PrepullSet -Verbose 4>&1
        ($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 1
        ($output | Out-String) | Should -Not -Match ([regex]::Escape($basic.Password))
        $encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($basic.Username):$($basic.Password)"))
        ($output | Out-String) | Should -Not -Match ([regex]::Escape($encoded))
    }
}
