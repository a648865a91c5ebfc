# Pipeline input by property name: the pairings an operator writes, from Get-LabImage and from strings or
# objects that carry Environment and PhalanxPath, into the cmdlets that read settings or change things.
BeforeDiscovery {
    $script:NoRegistry = -not (Get-Command docker-registry -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    Import-Module (Join-Path $env:RSPADMIN_ROOT 'tools/RspAdmin.LocalRegistry/LocalRegistryProcess.psm1') -Force
    $script:Data = Join-Path $env:RSPADMIN_ROOT 'tests/pester/Data/phalanx'

    # A copy of the small Phalanx tree whose environments read from the local registry.
    function script:New-PhalanxCopy([string] $Registry) {
        $copy = Join-Path $TestDrive "phalanx-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Copy-Item -Recurse $script:Data $copy
        foreach ($file in Get-ChildItem (Join-Path $copy 'applications/nublado') -Filter 'values-*.yaml') {
            $text = [IO.File]::ReadAllText($file.FullName).Replace('"ghcr.io"', "`"$Registry`"")
            [IO.File]::WriteAllText($file.FullName, $text)
        }
        $copy
    }
}

Describe 'Get-LabImageConfig from the pipeline' {
    It 'reads one configuration per environment name piped as a string' {
        $configs = @('usdfdev', 'usdfprod' | Get-LabImageConfig -PhalanxPath $Data)
        $configs.Environment | Should -Be @('usdfdev', 'usdfprod')
        $configs.Repository | Should -Be @('lsst-sqre/sciplat-lab', 'lsst-sqre/sciplat-lab')
    }

    It 'binds Environment and PhalanxPath by property name' {
        $config = [pscustomobject]@{ Environment = 'usdfprod'; PhalanxPath = $Data } | Get-LabImageConfig
        $config.Environment | Should -Be 'usdfprod'
        $config.Registry | Should -Be 'ghcr.io'
    }

    It 'still binds files by FullName' {
        $file = Join-Path $TestDrive 'config.yaml'
        Set-Content $file "images:`n  source:`n    type: docker`n    registry: ghcr.io`n    repository: lsst-sqre/sciplat-lab`n"
        (Get-Item $file | Get-LabImageConfig).Repository | Should -Be 'lsst-sqre/sciplat-lab'
    }
}

Describe 'Images piped into the cmdlets that change things' -Skip:$NoRegistry {
    BeforeAll {
        $script:Server = Start-LocalRegistry -Root $env:RSPADMIN_ROOT -Tags 40
        $script:Weekly = @(Get-LabImage -Registry $Server.Registry -Repository $Server.Repository -Type Weekly -ResolveDigest None |
            Where-Object { $null -eq $_.Cycle -and $null -eq $_.RspBuild })[0]
    }
    AfterAll { Stop-LocalRegistry $Server }

    It 'Get-LabImage | Set-RecommendedTag -WhatIf plans the move of the piped tag' {
        $before = (Get-LabImage -Reference "$($Server.Registry)/$($Server.Repository):recommended").Digest
        $image = Get-LabImage -Registry $Server.Registry -Repository $Server.Repository -Tag $Weekly.Tag
        $image | Set-RecommendedTag -WhatIf -InformationVariable info -ErrorVariable failures 6>$null
        $failures | Should -BeNullOrEmpty
        $plan = @($info | Where-Object { $_.Tags -contains 'RecommendedTagPlan' })[0].MessageData
        $plan.Tag | Should -Be $Weekly.Tag
        (Get-LabImage -Reference "$($Server.Registry)/$($Server.Repository):recommended").Digest | Should -Be $before
    }

    It 'Get-LabImage | Copy-LabImageTag copies the piped tag' {
        $image = Get-LabImage -Registry $Server.Registry -Repository $Server.Repository -Tag $Weekly.Tag -ResolveDigest All
        $copy = $image | Copy-LabImageTag -NewTag piped_copy -Confirm:$false -PassThru
        $copy.Tag | Should -Be 'piped_copy'
        $copy.Digest | Should -Be $image.Digest
    }

    It 'Get-LabImage | Update-LabImagePrepull -WhatIf plans the pin of the piped tag' {
        $phalanx = New-PhalanxCopy $Server.Registry
        $image = Get-LabImage -Registry $Server.Registry -Repository $Server.Repository -Tag $Weekly.Tag
        $changes = @($image | Update-LabImagePrepull -PhalanxPath $phalanx -Environment usdfdev -WhatIf 6>$null)
        $changes.Count | Should -Be 1
        $changes[0].Tag | Should -Be $Weekly.Tag
        $changes[0].Saved | Should -BeFalse
    }

    It 'Get-LabImageConfig | Set-RecommendedTag still binds the configuration' {
        $phalanx = New-PhalanxCopy $Server.Registry
        Get-LabImageConfig -PhalanxPath $phalanx -Environment usdfdev |
            Set-RecommendedTag -Tag $Weekly.Tag -WhatIf -InformationVariable info -ErrorVariable failures 6>$null
        $failures | Should -BeNullOrEmpty
        @($info | Where-Object { $_.Tags -contains 'RecommendedTagPlan' })[0].MessageData.Tag | Should -Be $Weekly.Tag
    }
}
