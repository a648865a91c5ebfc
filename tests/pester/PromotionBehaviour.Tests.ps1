# What the promotion cmdlets say and do on a second run, against the seeded docker-registry on loopback:
# the copy direction, no-op runs, the recommended image as the menu shows it, the undo hint, saved edits.
BeforeDiscovery {
    $script:NoRegistry = -not (Get-Command docker-registry -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    Import-Module (Join-Path $env:RSPADMIN_ROOT 'tools/RspAdmin.LocalRegistry/LocalRegistryProcess.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:Data = Join-Path $env:RSPADMIN_ROOT 'tests/pester/Data/phalanx'

    function script:New-PhalanxCopy([string] $Registry) {
        $copy = Join-Path $TestDrive "phalanx-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Copy-Item -Recurse $script:Data $copy
        foreach ($file in Get-ChildItem (Join-Path $copy 'applications/nublado') -Filter 'values-*.yaml') {
            [IO.File]::WriteAllText($file.FullName, [IO.File]::ReadAllText($file.FullName).Replace('"ghcr.io"', "`"$Registry`""))
        }
        $copy
    }
}

Describe 'Set-RecommendedTag asks before it changes what every user gets' {
    It 'is ConfirmImpact High' {
        [System.Management.Automation.CommandMetadata]::new((Get-Command Set-RecommendedTag)).ConfirmImpact | Should -Be 'High'
    }

    It 'is called with -Confirm:$false where a script means to move the tag' {
        $runbook = Get-Content -Raw (Join-Path $env:RSPADMIN_ROOT 'scripts/runbooks/Update-RecommendedImage.ps1')
        [regex]::Matches($runbook, '(?m)^[^#\n]*Set-RecommendedTag (?![^\n]*-WhatIf)[^\n]*$') | ForEach-Object { $_.Value | Should -Match '-Confirm:\$false' }
    }
}

Describe 'Promotion on a seeded registry' -Skip:$NoRegistry {
    BeforeAll {
        $script:Server = Start-LocalRegistry -Root $env:RSPADMIN_ROOT -Tags 40
        $script:Weeklies = @(Get-LabImage -Registry $Server.Registry -Repository $Server.Repository -Type Weekly -ResolveDigest None |
            Where-Object { $null -eq $_.Cycle -and $null -eq $_.RspBuild } | ForEach-Object Tag)
        $script:Repo = @{ Registry = $Server.Registry; Repository = $Server.Repository }
    }
    AfterAll { Stop-LocalRegistry $Server }

    It 'Copy-LabImageTag describes the copy from the source to the new tag' {
        $lines = Copy-LabImageTag @Repo -Tag $Weeklies[0] -NewTag copy_direction -Confirm:$false -Verbose 4>&1 | ForEach-Object { "$_" }
        $action = $lines | Where-Object { $_ -match '^Copy ' } | Select-Object -First 1
        $action | Should -Match ([regex]::Escape("Copy $($Server.Registry)/$($Server.Repository):$($Weeklies[0]) to $($Server.Registry)/$($Server.Repository):copy_direction"))
    }

    It 'Copy-LabImageTag run a second time sends no PUT and says there is nothing to change' {
        $first = Copy-LabImageTag @Repo -Tag $Weeklies[1] -NewTag copy_twice -Confirm:$false -Verbose 4>&1 | ForEach-Object { "$_" }
        ($first | Where-Object { $_ -match '^PUT ' }).Count | Should -Be 1
        $second = Copy-LabImageTag @Repo -Tag $Weeklies[1] -NewTag copy_twice -Confirm:$false -Verbose 4>&1 | ForEach-Object { "$_" }
        $second | Where-Object { $_ -match '^PUT ' } | Should -BeNullOrEmpty
        $second | Should -Contain ($second | Where-Object { $_ -match 'already names .*nothing to change' } | Select-Object -First 1)
        ($second | Where-Object { $_ -match 'nothing to change' }).Count | Should -Be 1
    }

    It 'Set-RecommendedTag -PassThru shows the image as the menu will, also on a no-op' {
        $config = Get-LabImageConfig @Repo -NumReleases 0 -NumWeeklies 0 -NumDailies 0
        foreach ($run in 1, 2) {
            $image = $config | Set-RecommendedTag -Tag $Weeklies[2] -PassThru -Confirm:$false -WarningVariable warnings 3>$null
            $warnings.Count | Should -Be 1 -Because "run $run"
            $warnings[0].Message | Should -Match ([regex]::Escape("the menu will show '$($image.DisplayName)'"))
            $image.DisplayName | Should -Be 'Recommended'
            $image.Digest | Should -Match '^sha256:'
        }
    }

    It 'Set-RecommendedTag names registry, repository and previous digest in its undo hint' {
        Set-RecommendedTag @Repo -Tag $Weeklies[3] -Confirm:$false -WarningAction SilentlyContinue
        $before = Get-LabImage -Reference "$($Server.Registry)/$($Server.Repository):$($Weeklies[3])"
        Set-RecommendedTag @Repo -Tag $Weeklies[4] -Confirm:$false -WarningAction SilentlyContinue -InformationVariable info
        $message = "$(@($info | Where-Object { $_.Tags -contains 'Set-RecommendedTag' })[0].MessageData)"
        $message | Should -Match ([regex]::Escape("To undo: Set-RecommendedTag -Registry $($Server.Registry) -Repository $($Server.Repository) -Tag "))
        $message | Should -Match ([regex]::Escape("-ExpectedDigest $($before.Digest)"))
    }

    It 'Update-LabImagePrepull reports HasChanges and Saved after it saved the edit' {
        $phalanx = New-PhalanxCopy $Server.Registry
        $change = Update-LabImagePrepull -PhalanxPath $phalanx -Environment usdfdev -Tag $Weeklies[5] -Confirm:$false
        $change.Saved | Should -BeTrue
        $change.HasChanges | Should -BeTrue
        (Get-Content -Raw (Join-Path $phalanx 'applications/nublado/values-usdfdev.yaml')) | Should -Match ([regex]::Escape($Weeklies[5]))
        $again = Update-LabImagePrepull -PhalanxPath $phalanx -Environment usdfdev -Tag $Weeklies[5] -Confirm:$false
        $again.HasChanges | Should -BeFalse
        $again.Saved | Should -BeFalse
    }
}
