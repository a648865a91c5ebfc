BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force

    # The project's own small Phalanx tree (tests/data/phalanx), copied so the tests can edit it.
    $script:OwnPhalanx = Join-Path $env:RSPADMIN_ROOT 'tests/data/phalanx/rspadmin'
    $script:Phalanx = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-phalanx-$([guid]::NewGuid().ToString('N'))"
    Copy-Item -Path $script:OwnPhalanx -Destination $script:Phalanx -Recurse
}

AfterAll {
    if (Test-Path $script:Phalanx) { Remove-Item $script:Phalanx -Recurse -Force }
}

Describe 'Get-LabImageConfig' {
    Context 'from a Phalanx checkout' {
        It 'reads cloud: a Google Artifact Registry source' {
            $c = Get-LabImageConfig -PhalanxPath $script:Phalanx -Environment cloud
            $c.Source.Type | Should -Be 'Google'
            $c.Source.ProjectId | Should -Be 'example-project-1234'
            $c.Repository | Should -Be 'example-project-1234/sciplat/sciplat-lab'
            $c.Registry | Should -Be 'us-central1-docker.pkg.dev'
            $c.Pin | Should -BeNullOrEmpty
        }

        It 'reads lab-prod: ghcr.io with a pinned release and the dropdown policy' {
            $c = Get-LabImageConfig -PhalanxPath $script:Phalanx -Environment lab-prod
            $c.Source.Type | Should -Be 'Docker'
            $c.Registry | Should -Be 'ghcr.io'
            $c.Repository | Should -Be 'lsst-sqre/sciplat-lab'
            $c.Pin | Should -Be @('r29_2_0_rsp2697')
            $c.RecommendedTag | Should -Be 'recommended'
            $c.NumReleases, $c.NumWeeklies, $c.NumDailies | Should -Be @(1, 2, 3)
            $c.DropdownMenu.Weekly.Number | Should -Be 78
            $c.PullSecret | Should -Be 'pull-secret'
            $c.Environment | Should -Be 'lab-prod'
        }

        It 'reads telescope from the current location: SAL cycle 44 and its recommended tag' {
            Push-Location $script:Phalanx
            try { $c = Get-LabImageConfig telescope } finally { Pop-Location }
            $c.Registry | Should -Be 'ts-dockerhub.lsst.org'
            $c.Repository | Should -Be 'sal-sciplat-lab'
            $c.Cycle | Should -Be 44
            $c.RecommendedTag | Should -Be 'recommended_c0044'
            $c.NumReleases, $c.NumWeeklies, $c.NumDailies | Should -Be @(0, 3, 2)
            $c.PrepullTimeout | Should -Be ([timespan]::FromMinutes(20))
        }

        It 'shows the settings in a list' {
            $text = Get-LabImageConfig -PhalanxPath $script:Phalanx -Environment telescope | Out-String
            $text | Should -Match 'RecommendedTag\s*:\s*recommended_c0044'
            $text | Should -Match 'Source\s*:\s*docker ts-dockerhub.lsst.org/sal-sciplat-lab'
        }

        It 'fails with Config.EnvironmentNotFound for an unknown environment' {
            { Get-LabImageConfig -PhalanxPath $script:Phalanx -Environment nowhere -ErrorAction Stop } |
                Should -Throw -ErrorId 'Config.EnvironmentNotFound,RspAdmin.Cmdlets.Commands.GetLabImageConfigCommand'
            try { Get-LabImageConfig -PhalanxPath $script:Phalanx -Environment nowhere -ErrorAction Stop } catch { $err = $_ }
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Match 'cloud, lab-dev, lab-prod, telescope'
        }

        It 'fails with Config.UnknownKey at the line of the unknown key' {
            $file = Join-Path $script:Phalanx 'applications/nublado/values-telescope.yaml'
            $original = Get-Content -Raw $file
            try {
                # Line 4 of the edited file: a key Nublado does not know, under images.
                $lines = [Collections.Generic.List[string]](Get-Content $file)
                $lines.Insert(3, '      numWeekly: 4')
                Set-Content -Path $file -Value $lines
                { Get-LabImageConfig -PhalanxPath $script:Phalanx -Environment telescope -ErrorAction Stop } |
                    Should -Throw -ErrorId 'Config.UnknownKey,RspAdmin.Cmdlets.Commands.GetLabImageConfigCommand'
                try { Get-LabImageConfig -PhalanxPath $script:Phalanx -Environment telescope -ErrorAction Stop } catch { $err = $_ }
                $err.TargetObject | Should -Be $file
                $err.CategoryInfo.Category | Should -Be 'InvalidData'
                $err.Exception.Line | Should -Be 4
                $err.Exception.Message | Should -BeLike "$($file):4:7: Unknown key 'numWeekly'*"
            }
            finally {
                Set-Content -Path $file -Value $original -NoNewline
            }
        }

        It 'completes -Environment from the checkout named by -PhalanxPath' {
            $line = "Get-LabImageConfig -PhalanxPath '$($script:Phalanx)' -Environment lab"
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Be @('lab-dev', 'lab-prod')
        }

        It 'completes -Environment from the current location' {
            Push-Location $script:Phalanx
            try {
                $line = 'Get-LabImageConfig -Environment '
                $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            }
            finally { Pop-Location }
            $result.CompletionMatches.CompletionText | Should -Be @('cloud', 'lab-dev', 'lab-prod', 'telescope')
        }
    }

    Context 'from a controller config file or parameters' {
        It 'reads a controller config.yaml and reports a missing file' {
            $path = Join-Path $TestDrive 'config.yaml'
            Set-Content -Path $path -Value "images:`n  source:`n    type: docker`n    registry: lighthouse.ceres`n    repository: library/sketchbook`n  numDailies: 0`n"
            $c = Get-LabImageConfig -Path $path
            $c.Registry | Should -Be 'lighthouse.ceres'
            $c.NumDailies | Should -Be 0
            { Get-LabImageConfig -Path (Join-Path $TestDrive 'missing.yaml') -ErrorAction Stop } |
                Should -Throw -ErrorId 'Config.FileNotFound,RspAdmin.Cmdlets.Commands.GetLabImageConfigCommand'
        }

        It 'reports malformed YAML with its location' {
            $path = Join-Path $TestDrive 'broken.yaml'
            Set-Content -Path $path -Value "images:`n  source: [docker`n"
            try { Get-LabImageConfig -Path $path -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'Config.MalformedYaml,RspAdmin.Cmdlets.Commands.GetLabImageConfigCommand'
            $err.CategoryInfo.Category | Should -Be 'ParserError'
            $err.Exception.Message | Should -Match ([regex]::Escape($path) + ':\d+:\d+: ')
        }

        It 'builds a configuration from parameters' {
            $c = Get-LabImageConfig -Repository lsst-sqre/sciplat-lab -Registry ghcr.io -NumWeeklies 4 -Pin r29_2_0_rsp2697 -Cycle 44
            $c.Registry | Should -Be 'ghcr.io'
            $c.NumWeeklies | Should -Be 4
            $c.Cycle | Should -Be 44
            $c.Pin | Should -Be @('r29_2_0_rsp2697')
            { Get-LabImageConfig -Repository x -NumDailies -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RspAdmin.Cmdlets.Commands.GetLabImageConfigCommand'
        }
    }
}
