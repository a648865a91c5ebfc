# Output objects that pipe and export cleanly: collections read as text in CSV (one test per output type),
# objects small enough for ConvertTo-Json, and Size with one meaning (bytes as nodes report them).
BeforeDiscovery {
    $script:HaveRegistry = [bool](Get-Command docker-registry -ErrorAction SilentlyContinue)
    $script:HavePostgres = [bool](Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $PSStyle.OutputRendering = 'PlainText'
    $ProgressPreference = 'SilentlyContinue'
    $script:Data = Join-Path $env:RSPADMIN_ROOT 'tests/pester/Data/phalanx'

    # A CSV value that is a .NET type name instead of what the object holds.
    $script:TypeName = 'System\.|\[\]|`\d|Dictionary|RspAdmin\.Core\.'

    function script:Get-CsvValues($InputObject) {
        $rows = @($InputObject | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv)
        foreach ($row in $rows) { foreach ($p in $row.PSObject.Properties) { [pscustomobject]@{ Name = $p.Name; Value = $p.Value } } }
    }
}

Describe 'No output object has an enumeration-typed property' {
    # ConvertTo-Json writes an enumeration value as its number (attributes on the type do not change that), so
    # every type a cmdlet declares in [OutputType], and every module type reachable from its public properties,
    # must expose names: a string property, with a Get...() method giving the enumeration value to code.
    It 'every [OutputType] of every cmdlet, walked through its properties, arrays and generic arguments' {
        $found = [System.Collections.Generic.List[string]]::new()
        $seen = [System.Collections.Generic.HashSet[type]]::new()
        $queue = [System.Collections.Generic.Queue[object]]::new()
        $types = foreach ($command in Get-Command -Module RspAdmin -CommandType Cmdlet) {
            foreach ($output in $command.OutputType) {
                $output.Type | Should -Not -BeNullOrEmpty -Because "$($command.Name) declares [OutputType] $($output.Name), which must resolve"
                [pscustomobject]@{ Type = $output.Type; Path = $command.Name }
            }
        }
        $types | ForEach-Object { $queue.Enqueue($_) }
        while ($queue.Count -gt 0) {
            $item = $queue.Dequeue()
            $type = $item.Type
            if ($type.IsArray) { $queue.Enqueue([pscustomobject]@{ Type = $type.GetElementType(); Path = $item.Path }); continue }
            if ($type.IsGenericType) { $type.GetGenericArguments() | ForEach-Object { $queue.Enqueue([pscustomobject]@{ Type = $_; Path = $item.Path }) }; continue }
            if ($type.IsEnum) { $found.Add("$($item.Path): $($type.FullName)"); continue }
            if (-not "$($type.Namespace)".StartsWith('RspAdmin') -or -not $seen.Add($type)) { continue }
            foreach ($property in $type.GetProperties([Reflection.BindingFlags]'Public, Instance')) {
                $queue.Enqueue([pscustomobject]@{ Type = $property.PropertyType; Path = "$($item.Path) > $($type.Name).$($property.Name)" })
            }
        }
        $seen.Count | Should -BeGreaterThan 30 -Because 'the walk reaches the output types and what they hold'
        $found | Should -BeNullOrEmpty
    }
}

Describe 'Collections read as text in CSV' {
    It 'LabImageTag (ConvertFrom-LabImageTag)' {
        Get-CsvValues (ConvertFrom-LabImageTag w_2022_40, r23_0_0) | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
    }

    It 'LabImageConfig (Get-LabImageConfig): pins and tolerations as text' {
        $values = Get-CsvValues (Get-LabImageConfig -PhalanxPath $Data -Environment usdfdev)
        $values | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
        ($values | Where-Object Name -EQ 'Pin').Value | Should -Be 'r29_2_0_rsp2697'
    }
}

Describe 'Output objects of the registry and cluster cmdlets' -Skip:(-not $HaveRegistry) {
    BeforeAll {
        $script:Sandbox = Start-LabSandbox -Scenario three-nodes
        $script:Config = Get-LabImageConfig -Registry $Sandbox.RegistryAddress -Repository lsstsqre/sciplat-lab
        $script:Cluster = @{ Kubeconfig = $Sandbox.KubeconfigPath }
    }
    AfterAll { if ($script:Sandbox) { $script:Sandbox | Stop-LabSandbox } }

    It 'LabImage (Get-LabImage): aliases as text' {
        $images = Get-LabImage -Config $Config -ResolveDigest All
        $values = Get-CsvValues $images
        $values | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
        ($values | Where-Object { $_.Name -eq 'Aliases' -and $_.Value -eq 'recommended' }) | Should -Not -BeNullOrEmpty
    }

    It 'LabImage writes its Type as a name in ConvertTo-Json and Export-Csv' {
        $image = Get-LabImage -Config $Config -Tag w_2024_52
        ($image | ConvertTo-Json -Compress) | Should -Match '"Type":"Weekly"'
        ($image | ConvertTo-Csv | ConvertFrom-Csv).Type | Should -Be 'Weekly'
        $image.GetKind().GetType().IsEnum | Should -BeTrue
        "$($image.GetKind())" | Should -Be 'Weekly'
    }

    It 'LabNode (Get-LabNode): missing tags, labels and taints as text' {
        $values = Get-CsvValues ($Config | Get-LabNode @Cluster)
        $values | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
        $values | Where-Object { $_.Name -eq 'Taints' -and $_.Value -eq 'nublado.lsst.io/maintenance=true:NoSchedule' } | Should -Not -BeNullOrEmpty
        $values | Where-Object { $_.Name -eq 'Labels' -and $_.Value -match '(^|, )nublado.lsst.io/lab=true(,|$)' } | Should -Not -BeNullOrEmpty
    }

    It 'PrepullStatus and PrepullStatusImage (Get-PrepullStatus)' {
        $status = $Config | Get-PrepullStatus @Cluster
        Get-CsvValues $status | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
        $values = Get-CsvValues $status.Images
        $values | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
        $values | Where-Object { $_.Name -eq 'Missing' -and $_.Value -eq 'node1, node3' } | Should -Not -BeNullOrEmpty
    }

    It 'LabMenuEntry (Get-LabMenu), PrepullResult (Invoke-Prepull) and LabSandbox (Start-LabSandbox)' {
        Get-CsvValues ($Config | Get-LabMenu @Cluster 3>$null) | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
        Get-CsvValues ($Config | Invoke-Prepull @Cluster -WhatIf:$false -Confirm:$false -NodeName node1) | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
        Get-CsvValues $Sandbox | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
    }

    It 'LabImagePrepullChange (Update-LabImagePrepull): added and removed pins as text' {
        $phalanx = Join-Path $TestDrive 'phalanx'
        Copy-Item -Recurse $Data $phalanx
        $values = Join-Path $phalanx 'applications/nublado/values-usdfdev.yaml'
        [IO.File]::WriteAllText($values, [IO.File]::ReadAllText($values).Replace('"ghcr.io"', "`"$($Sandbox.RegistryAddress)`"").Replace('lsst-sqre/sciplat-lab', 'lsstsqre/sciplat-lab'))
        $change = Update-LabImagePrepull -PhalanxPath $phalanx -Environment usdfdev -Tag w_2024_50 -WhatIf 6>$null
        $csv = Get-CsvValues $change
        $csv | Where-Object Value -Match $TypeName | Should -BeNullOrEmpty
        ($csv | Where-Object Name -EQ 'Added').Value | Should -Be 'w_2024_50'
    }

    It 'Get-PrepullStatus | ConvertTo-Json -Depth 5 is small: no raw node, no parsed-tag copy, no truncation' {
        $json = $Config | Get-PrepullStatus @Cluster | ConvertTo-Json -Depth 5 -WarningVariable truncated 3>$null
        $truncated | Should -BeNullOrEmpty
        $json | Should -Not -Match '"ParsedTag"'
        $json | Should -Not -Match '"Node":'
        $json | Should -Not -Match '"CachedImages"'
        $node = $Config | Get-LabNode @Cluster -Name node1
        $node.GetClusterNode().Images.Count | Should -BeGreaterThan 0
    }

    It 'Size is the bytes nodes report, the same in every object, and the view shows it in a human format' {
        $status = $Config | Get-PrepullStatus @Cluster
        ($status.Images | Where-Object Tag -EQ 'r27_0_0').Size | Should -Be 4000000000
        ($status.Images | Where-Object Tag -EQ 'w_2024_52').Size | Should -Be 4200000000
        ($status.Images | Format-Table | Out-String) | Should -Match '4\.2 GB'
        (Get-LabImage -Reference "$($Sandbox.RegistryAddress)/lsstsqre/sciplat-lab:w_2024_52").Size | Should -BeNullOrEmpty
    }
}

Describe 'Kinds, states and outcomes are names in ConvertTo-Json and Export-Csv' {
    BeforeAll {
        # The first object through ConvertTo-Json -Depth 5 and back, and through Export-Csv and back: each named
        # property must come back as the expected name (a string), never as the enumeration's number.
        function script:Assert-Names($InputObject, [hashtable] $Expected) {
            $first = @($InputObject)[0]
            $first | Should -Not -BeNullOrEmpty
            $text = $first | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue
            $json = $text | ConvertFrom-Json
            $csvPath = Join-Path $TestDrive "names-$([guid]::NewGuid().ToString('N')).csv"
            $first | Export-Csv -Path $csvPath
            $csv = Import-Csv -Path $csvPath
            foreach ($name in $Expected.Keys) {
                $text | Should -Not -Match ('"{0}":\s*-?\d' -f $name) -Because "$name is an enumeration written as a number"
                $json.$name | Should -BeOfType [string]
                $json.$name | Should -BeExactly $Expected[$name]
                $csv.$name | Should -BeExactly $Expected[$name]
            }
        }
    }

    It 'LabImageTag.Type (ConvertFrom-LabImageTag)' {
        Assert-Names (ConvertFrom-LabImageTag w_2022_40) @{ Type = 'Weekly' }
        Assert-Names (ConvertFrom-LabImageTag r23_0_0_rc1) @{ Type = 'ReleaseCandidate' }
        Assert-Names (ConvertFrom-LabImageTag recommended -AliasTag recommended) @{ Type = 'Alias' }
        (ConvertFrom-LabImageTag d_2023_01_05).GetKind().GetType().IsEnum | Should -BeTrue
    }

    It 'LabImageSource.Type (Get-LabImageConfig), nested in the configuration and on its own' {
        $config = Get-LabImageConfig -PhalanxPath (Join-Path $env:RSPADMIN_ROOT 'tests/data/phalanx/rspadmin') -Environment cloud
        ($config | ConvertTo-Json -Depth 5 | ConvertFrom-Json).Source.Type | Should -BeExactly 'Google'
        Assert-Names $config.Source @{ Type = 'Google' }
        Assert-Names (Get-LabImageConfig -PhalanxPath $Data -Environment usdfdev).Source @{ Type = 'Docker' }
        "$($config.Source.GetKind())" | Should -Be 'Google'
    }

    Context 'the migration cmdlets on a small Phalanx checkout' {
        BeforeAll {
            $script:Root = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-enums-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
            Copy-Item -Recurse (Join-Path $env:RSPADMIN_ROOT 'tests/RspAdmin.Core.Tests/Migration/Data/demo-d') $Root
            git -C $Root init --quiet --initial-branch=main
            git -C $Root add --all
            git -C $Root -c user.name=ops -c user.email=ops@example.org -c commit.gpgsign=false commit --quiet -m 'demo before the migration'
        }
        AfterAll { Remove-Item $Root, "$Root-journal.json" -Recurse -Force -ErrorAction SilentlyContinue }

        It 'MigrationStateReport.State and Era, and its StageNeeds (Get-NubladoMigrationState)' {
            $state = Get-NubladoMigrationState -PhalanxPath $Root -Environment demo
            Assert-Names $state @{ State = 'S0'; Era = 'D' }
            $json = $state | ConvertTo-Json -Depth 5 | ConvertFrom-Json
            $json.StageNeeds.Stage | Should -Be @('EnableV3', 'MakeDefault', 'DisableV2', 'Cleanup')
            $json.StageNeeds.TargetState | Should -Be @('S1', 'S2', 'S3', 'Done')
            Assert-Names $state.StageNeeds @{ Stage = 'EnableV3'; TargetState = 'S1' }
            $state.GetState().GetType().IsEnum | Should -BeTrue
        }

        It 'MigrationPlanStep.Stage, Kind and Phase (Get-NubladoMigrationPlan)' {
            $plan = Get-NubladoMigrationPlan EnableV3 -PhalanxPath $Root -Environment demo
            Assert-Names ($plan | Where-Object Kind -EQ Repo) @{ Stage = 'EnableV3'; Kind = 'Repo'; Phase = 'Preparation' }
            Assert-Names ($plan | Where-Object Phase -EQ Window) @{ Stage = 'EnableV3'; Phase = 'Window' }
            ($plan | ConvertTo-Json -Depth 5 | ConvertFrom-Json).Kind | ForEach-Object { $_ | Should -BeIn @('Repo', 'Live', 'Gate', 'Probe') }
        }

        It 'MigrationStepResult.Stage, Kind, Phase and Outcome (Start-NubladoMigrationStage)' {
            $results = Start-NubladoMigrationStage EnableV3 -PhalanxPath $Root -Environment demo -Phase Preparation -JournalPath "$Root-journal.json" -WhatIf 6>$null
            Assert-Names ($results | Where-Object Kind -EQ Repo) @{ Stage = 'EnableV3'; Kind = 'Repo'; Phase = 'Preparation'; Outcome = 'Skipped' }
            "$($results[0].GetOutcome())" | Should -Be $results[0].Outcome
        }
    }

    Context 'the registry and cluster cmdlets on the rehearsal cluster' -Skip:(-not $HaveRegistry) {
        BeforeAll {
            $script:Sandbox = Start-LabSandbox -Scenario three-nodes
            $script:Config = Get-LabImageConfig -Registry $Sandbox.RegistryAddress -Repository lsstsqre/sciplat-lab
            $script:Cluster = @{ Kubeconfig = $Sandbox.KubeconfigPath }
        }
        AfterAll { if ($script:Sandbox) { $script:Sandbox | Stop-LabSandbox } }

        It 'PrepullResult.Outcome (Invoke-Prepull)' {
            $results = $Config | Invoke-Prepull @Cluster -NodeName node1 -WhatIf:$false -Confirm:$false
            Assert-Names $results @{ Outcome = 'Pulled' }
            ($results | ConvertTo-Json -Depth 5 | ConvertFrom-Json).Outcome | Sort-Object -Unique | Should -BeExactly 'Pulled'
        }

        It 'LabMenuEntry.List (Get-LabMenu)' {
            $menu = $Config | Get-LabMenu @Cluster 3>$null
            Assert-Names ($menu | Where-Object Position -EQ 1) @{ List = 'Menu' }
            Assert-Names ($menu | Where-Object { $_.GetList() -eq 'Dropdown' }) @{ List = 'Dropdown' }
        }

        It 'LabImagePrepullChange.Outcome and Application (Update-LabImagePrepull)' {
            $phalanx = Join-Path $TestDrive 'phalanx-enums'
            Copy-Item -Recurse $Data $phalanx
            $values = Join-Path $phalanx 'applications/nublado/values-usdfdev.yaml'
            [IO.File]::WriteAllText($values, [IO.File]::ReadAllText($values).Replace('"ghcr.io"', "`"$($Sandbox.RegistryAddress)`"").Replace('lsst-sqre/sciplat-lab', 'lsstsqre/sciplat-lab'))
            $change = Update-LabImagePrepull -PhalanxPath $phalanx -Environment usdfdev -Tag w_2024_50 -WhatIf 6>$null
            Assert-Names $change @{ Outcome = 'Pinned'; Application = 'Nublado' }
        }
    }

    Context 'the service cmdlets on the migration rehearsal world' -Skip:(-not $HavePostgres) {
        BeforeAll {
            $script:World = Start-LabSandbox migration
            $script:Kube = @{ Kubeconfig = $World.KubeconfigPath }
        }
        AfterAll { if ($script:World) { $script:World | Stop-LabSandbox } }

        It 'HubRouteStatus.State (Test-HubRoute)' {
            $routes = Test-HubRoute -Url $World.Services.HubUrl -Token $World.Services.GafaelfawrToken -Route /nb, /n3
            Assert-Names ($routes | Where-Object Route -EQ /nb) @{ State = 'Up' }
            Assert-Names ($routes | Where-Object Route -EQ /n3) @{ State = 'Down' }
        }

        It 'LabNamespaceRemoval.Outcome (Remove-LabUserNamespace)' {
            $removed = Get-LabUserNamespace nublado2- @Kube | Remove-LabUserNamespace -Confirm:$false @Kube
            Assert-Names $removed @{ Outcome = 'Deleted' }
            ($removed | ConvertTo-Json -Depth 5 | ConvertFrom-Json).Outcome | Should -Be @('Deleted', 'Deleted')
        }
    }
}
