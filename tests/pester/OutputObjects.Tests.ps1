# Output objects that pipe and export cleanly: collections read as text in CSV (one test per output type),
# objects small enough for ConvertTo-Json, and Size with one meaning (bytes as nodes report them).
BeforeDiscovery {
    $script:HaveRegistry = [bool](Get-Command docker-registry -ErrorAction SilentlyContinue)
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
