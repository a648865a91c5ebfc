# Copy-LabImageTag, Set-RecommendedTag, Update-LabImagePrepull and the Update-RecommendedImage runbook against
# a real docker-registry on loopback (tools/RspAdmin.LocalRegistry) and temporary copies of the project's
# own Phalanx tree (tests/data/phalanx).

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    Import-Module (Join-Path $env:RSPADMIN_ROOT 'tools/RspAdmin.LocalRegistry/LocalRegistryProcess.psm1') -Force
    $script:Runbook = Join-Path $env:RSPADMIN_ROOT 'scripts/runbooks/Update-RecommendedImage.ps1'
    $script:Snapshot = Join-Path $env:RSPADMIN_ROOT 'tests/data/phalanx/rspadmin'
    $script:NoRegistry = if (-not (Get-Command docker-registry -ErrorAction SilentlyContinue)) { "Debian's docker-registry is not installed (./build.sh test installs it as root)" }

    # The runbook says '#Requires -Modules RspAdmin': let it find the staged module by name.
    $script:ModulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path (Split-Path (Split-Path $env:RSPADMIN_MANIFEST))) + [IO.Path]::PathSeparator + $env:PSModulePath

    function Get-Digest([string] $Registry, [string] $Repository, [string] $Tag) {
        (Get-LabImage -Reference "$Registry/$Repository`:$Tag" -ErrorAction Stop).Digest
    }

    # Plain weeklies (no cycle) of the seeded repository, newest first.
    function Get-Weekly($Server) {
        @(Get-LabImage -Registry $Server.Registry -Repository $Server.Repository -Type Weekly -ResolveDigest None |
            Where-Object { $null -eq $_.Cycle -and $null -eq $_.RspBuild } | ForEach-Object Tag)
    }

    # A copy of the project's Phalanx tree whose lab-dev environment reads from the local registry.
    function New-PhalanxCopy($Server) {
        $copy = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-phalanx-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Copy-Item -Recurse $script:Snapshot $copy
        $values = Join-Path $copy 'applications/nublado/values-lab-dev.yaml'
        $text = [IO.File]::ReadAllText($values).Replace('registry: "ghcr.io"', "registry: `"$($Server.Registry)`"")
        [IO.File]::WriteAllText($values, $text)
        $copy
    }

    function Get-FileHashes([string] $Root) {
        Get-ChildItem $Root -Recurse -File | Sort-Object FullName | ForEach-Object { "$($_.FullName) $((Get-FileHash $_.FullName).Hash)" }
    }
}

AfterAll {
    $env:PSModulePath = $script:ModulePath
}

Describe 'Copy-LabImageTag' {
    BeforeAll { if (-not $NoRegistry) { $script:Server = Start-LocalRegistry -Root $env:RSPADMIN_ROOT -Tags 40 } }
    AfterAll { if ($Server) { Stop-LocalRegistry $Server } }
    BeforeEach { if ($NoRegistry) { Set-ItResult -Skipped -Because $NoRegistry } }

    It '-WhatIf reads the source and writes nothing' {
        $weekly = (Get-Weekly $Server)[0]
        Copy-LabImageTag $Server.Registry $Server.Repository $weekly whatif_copy -WhatIf
        { Get-Digest $Server.Registry $Server.Repository whatif_copy } | Should -Throw -ErrorId 'Registry.ManifestNotFound*'
    }

    It '-PassThru returns the image under its new tag with the source digest' {
        $weekly = (Get-Weekly $Server)[0]
        $digest = Get-Digest $Server.Registry $Server.Repository $weekly

        $image = Copy-LabImageTag $Server.Registry $Server.Repository $weekly approved -ExpectedDigest $digest -PassThru -Confirm:$false

        $image.GetType().FullName | Should -Be 'RspAdmin.Core.Images.LabImage'
        $image.Tag | Should -Be 'approved'
        $image.Digest | Should -Be $digest
        Get-Digest $Server.Registry $Server.Repository approved | Should -Be $digest
    }

    It 'writes <ErrorId> for <Case> and changes nothing' -ForEach @(
        @{ Case = 'a missing source'; Source = 'w_1999_01'; NewTag = 'copy_missing'; Expected = $null; ErrorId = 'Promotion.TagNotFound' }
        @{ Case = 'a malformed new tag'; Source = 'latest'; NewTag = 'not a tag'; Expected = $null; ErrorId = 'Promotion.InvalidTag' }
        @{ Case = 'a moved digest'; Source = 'latest'; NewTag = 'copy_moved'; Expected = 'sha256:' + ('0' * 64); ErrorId = 'Promotion.DigestChanged' }
    ) {
        $before = Get-LabImage -Registry $Server.Registry -Repository $Server.Repository -ResolveDigest All -IncludeArchitectureSpecific | ForEach-Object { "$($_.Tag)=$($_.Digest)" }
        $arguments = @{ Registry = $Server.Registry; Repository = $Server.Repository; Tag = $Source; NewTag = $NewTag; Confirm = $false }
        if ($Expected) { $arguments.ExpectedDigest = $Expected }

        { Copy-LabImageTag @arguments -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,RspAdmin.Cmdlets.Commands.CopyLabImageTagCommand"

        $after = Get-LabImage -Registry $Server.Registry -Repository $Server.Repository -ResolveDigest All -IncludeArchitectureSpecific | ForEach-Object { "$($_.Tag)=$($_.Digest)" }
        $after | Should -Be $before
    }
}

Describe 'Set-RecommendedTag' {
    BeforeAll {
        if (-not $NoRegistry) {
            $script:Server = Start-LocalRegistry -Root $env:RSPADMIN_ROOT -Tags 40
            $script:Weeklies = Get-Weekly $Server
        }
    }
    AfterAll { if ($Server) { Stop-LocalRegistry $Server } }
    BeforeEach { if ($NoRegistry) { Set-ItResult -Skipped -Because $NoRegistry } }

    It '-WhatIf changes nothing' {
        $before = Get-Digest $Server.Registry $Server.Repository recommended
        Set-RecommendedTag -Tag $Weeklies[0] -Registry $Server.Registry -Repository $Server.Repository -WhatIf
        Get-Digest $Server.Registry $Server.Repository recommended | Should -Be $before
    }

    It 'writes <ErrorId> for <Case> and leaves recommended as it was' -ForEach @(
        @{ Case = 'an architecture-specific tag'; Tag = 'w_2025_20-amd64'; ErrorId = 'Promotion.ArchitectureSpecific' }
        @{ Case = 'a missing tag'; Tag = 'w_1999_01'; ErrorId = 'Promotion.TagNotFound' }
        @{ Case = 'the recommended tag itself'; Tag = 'recommended'; ErrorId = 'Promotion.SameTag' }
    ) {
        $before = Get-Digest $Server.Registry $Server.Repository recommended
        { Set-RecommendedTag -Tag $Tag -Registry $Server.Registry -Repository $Server.Repository -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId "$ErrorId,RspAdmin.Cmdlets.Commands.SetRecommendedTagCommand"
        Get-Digest $Server.Registry $Server.Repository recommended | Should -Be $before
    }

    It '-ExpectedDigest refuses an image pushed again since it was approved' {
        $before = Get-Digest $Server.Registry $Server.Repository recommended
        { Set-RecommendedTag -Tag $Weeklies[0] -Registry $Server.Registry -Repository $Server.Repository -ExpectedDigest ('sha256:' + ('a' * 64)) -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'Promotion.DigestChanged,RspAdmin.Cmdlets.Commands.SetRecommendedTagCommand'
        Get-Digest $Server.Registry $Server.Repository recommended | Should -Be $before
    }

    It '-PassThru returns the recommended image with what it named before; skopeo sees the new digest' {
        $before = Get-Digest $Server.Registry $Server.Repository recommended
        $digest = Get-Digest $Server.Registry $Server.Repository $Weeklies[1]

        $image = Get-LabImageConfig -Registry $Server.Registry -Repository $Server.Repository |
            Set-RecommendedTag -Tag $Weeklies[1] -ExpectedDigest $digest -PassThru -Confirm:$false

        $image.Tag | Should -Be 'recommended'
        $image.Digest | Should -Be $digest
        $image.AliasTarget | Should -Be $Weeklies[1]
        $image.DisplayName | Should -Be "Recommended (Weekly $($Weeklies[1].Substring(2)))"
        $image.PreviousDigest | Should -Be $before
        $image.PreviousTags | Should -Contain $Server.RecommendedTarget
        Get-Digest $Server.Registry $Server.Repository recommended | Should -Be $digest

        if (-not (Get-Command skopeo -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'skopeo is not installed (Debian package skopeo)'
            return
        }
        $inspect = & skopeo inspect --tls-verify=false "docker://$($Server.Registry)/$($Server.Repository):recommended" | ConvertFrom-Json
        $LASTEXITCODE | Should -Be 0
        $inspect.Digest | Should -Be $digest
    }
}

Describe 'Update-LabImagePrepull' {
    BeforeAll {
        if (-not $NoRegistry) {
            $script:Server = Start-LocalRegistry -Root $env:RSPADMIN_ROOT -Tags 40
            $script:Oldest = (Get-Weekly $Server)[-1]
        }
    }
    AfterAll { if ($Server) { Stop-LocalRegistry $Server } }
    BeforeEach {
        if ($NoRegistry) { Set-ItResult -Skipped -Because $NoRegistry }
        $script:Phalanx = New-PhalanxCopy $Server
    }
    AfterEach { if ($Phalanx) { Remove-Item $Phalanx -Recurse -Force -ErrorAction SilentlyContinue } }

    It '-WhatIf reports the pin and its diff and writes nothing' {
        $before = Get-FileHashes $Phalanx
        $change = Update-LabImagePrepull -PhalanxPath $Phalanx -Environment lab-dev -Tag $Oldest -WhatIf

        $change.Outcome | Should -Be 'Pinned'
        $change.Saved | Should -BeFalse
        $change.Diff | Should -Match ([regex]::Escape("+        - `"$Oldest`""))
        Get-FileHashes $Phalanx | Should -Be $before
    }

    It 'adds only the pin line' {
        $path = Join-Path $Phalanx 'applications/nublado/values-lab-dev.yaml'
        $before = [IO.File]::ReadAllText($path)

        $change = Update-LabImagePrepull -PhalanxPath $Phalanx -Environment lab-dev -Tag $Oldest -Confirm:$false

        $change.Saved | Should -BeTrue
        $change.ArgoCdApplication | Should -Be 'nublado'
        [IO.File]::ReadAllText($path) | Should -BeExactly $before.Replace("        - `"r29_2_0_rsp2697`"`n", "        - `"r29_2_0_rsp2697`"`n        - `"$Oldest`"`n")
        (Get-LabImageConfig -PhalanxPath $Phalanx -Environment lab-dev).Pin | Should -Be @('r29_2_0_rsp2697', $Oldest)
    }

    It 'a Google source is left alone' {
        $before = Get-FileHashes $Phalanx
        $change = Update-LabImagePrepull -PhalanxPath $Phalanx -Environment cloud -Tag $Oldest -Confirm:$false
        $change.Outcome | Should -Be 'NotNeededForGoogle'
        Get-FileHashes $Phalanx | Should -Be $before
    }

    It 'writes <ErrorId> for <Case> and writes nothing' -ForEach @(
        @{ Case = 'an architecture-specific tag'; Environment = 'lab-dev'; Tag = 'w_2025_20-amd64'; ErrorId = 'Prepull.ArchitectureSpecific' }
        @{ Case = 'a tag the registry lacks'; Environment = 'lab-dev'; Tag = 'w_1999_01'; ErrorId = 'Prepull.TagNotFound' }
        @{ Case = 'an unknown environment'; Environment = 'nowhere'; Tag = 'w_2025_20'; ErrorId = 'Prepull.EnvironmentNotFound' }
    ) {
        $before = Get-FileHashes $Phalanx
        { Update-LabImagePrepull -PhalanxPath $Phalanx -Environment $Environment -Tag $Tag -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId "$ErrorId,RspAdmin.Cmdlets.Commands.UpdateLabImagePrepullCommand"
        Get-FileHashes $Phalanx | Should -Be $before
    }
}

Describe 'Update-RecommendedImage runbook help' {
    It 'has comment-based help' {
        $help = Get-Help $Runbook
        $help.Synopsis | Should -Match 'recommended lab image'
        @($help.parameters.parameter.name) | Should -Contain 'PhalanxPath'
    }
}

Describe 'Update-RecommendedImage runbook' {
    BeforeAll {
        if (-not $NoRegistry) {
            $script:Server = Start-LocalRegistry -Root $env:RSPADMIN_ROOT -Tags 40
            $script:Oldest = (Get-Weekly $Server)[-1]
        }
    }
    AfterAll { if ($Server) { Stop-LocalRegistry $Server } }
    BeforeEach {
        if ($NoRegistry) { Set-ItResult -Skipped -Because $NoRegistry }
        $script:Phalanx = New-PhalanxCopy $Server
    }
    AfterEach { if ($Phalanx) { Remove-Item $Phalanx -Recurse -Force -ErrorAction SilentlyContinue } }

    It '-WhatIf shows the menu before and after and changes neither registry nor files' {
        $before = Get-FileHashes $Phalanx
        $recommended = Get-Digest $Server.Registry $Server.Repository recommended

        $summary = & $Runbook -PhalanxPath $Phalanx -Environment lab-dev -Tag $Oldest -WhatIf 6> $null

        $summary.MenuBefore | Should -Be 'Recommended'
        $summary.MenuAfter | Should -Be "Recommended (Weekly $($Oldest.Substring(2)))"
        $summary.PreviousDigest | Should -Be $recommended
        $summary.PreviousTags | Should -Contain $Server.RecommendedTarget
        $summary.SyncApplications | Should -Be 'nublado'
        $summary.Verified | Should -BeFalse
        Get-Digest $Server.Registry $Server.Repository recommended | Should -Be $recommended
        Get-FileHashes $Phalanx | Should -Be $before
    }

    It 'promotes a weekly, pins it, names the application to sync and verifies' {
        $digest = Get-Digest $Server.Registry $Server.Repository $Oldest
        $path = Join-Path $Phalanx 'applications/nublado/values-lab-dev.yaml'
        $before = [IO.File]::ReadAllText($path)

        $summary = & $Runbook -PhalanxPath $Phalanx -Environment lab-dev -Tag $Oldest -ExpectedDigest $digest -Confirm:$false 6> $null

        $summary.Verified | Should -BeTrue
        $summary.Digest | Should -Be $digest
        $summary.SyncApplications | Should -Be 'nublado'
        Get-Digest $Server.Registry $Server.Repository recommended | Should -Be $digest
        [IO.File]::ReadAllText($path) | Should -BeExactly $before.Replace("        - `"r29_2_0_rsp2697`"`n", "        - `"r29_2_0_rsp2697`"`n        - `"$Oldest`"`n")
        if (Get-Command skopeo -ErrorAction SilentlyContinue) {
            (& skopeo inspect --tls-verify=false "docker://$($Server.Registry)/$($Server.Repository):recommended" | ConvertFrom-Json).Digest | Should -Be $digest
        }
    }

    It 'stops at the first failing step and changes nothing' {
        $before = Get-FileHashes $Phalanx
        $recommended = Get-Digest $Server.Registry $Server.Repository recommended

        { & $Runbook -PhalanxPath $Phalanx -Environment lab-dev -Tag w_1999_01 -Confirm:$false 6> $null } | Should -Throw -ErrorId 'Registry.ManifestNotFound*'

        Get-Digest $Server.Registry $Server.Repository recommended | Should -Be $recommended
        Get-FileHashes $Phalanx | Should -Be $before
    }
}
