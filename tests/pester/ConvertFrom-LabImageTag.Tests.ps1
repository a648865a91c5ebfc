BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
}

Describe 'ConvertFrom-LabImageTag' {
    It 'parses a weekly tag as Nublado does' {
        $t = ConvertFrom-LabImageTag -Tag 'w_2022_40'
        $t.Type | Should -Be 'Weekly'
        $t.DisplayName | Should -BeExactly 'Weekly 2022_40'
        $t.Date | Should -Be ([datetime]::new(2022, 10, 6, 0, 0, 0, [DateTimeKind]::Utc))
        $t.Version.ToString() | Should -Be '2022.40.0'
    }

    It 'takes tags from the pipeline, including objects with a Tag property' {
        $out = @('r23_0_0', [pscustomobject]@{ Tag = 'd_2023_01_05' }) | ConvertFrom-LabImageTag
        $out.DisplayName | Should -Be @('Release r23.0.0', 'Daily 2023_01_05')
    }

    It 'treats null and empty as latest and never throws' {
        $out = @($null, '', 'not a tag!', ('exp_' * 5000)) | ConvertFrom-LabImageTag
        $out.Count | Should -Be 4
        $out[0].Tag | Should -Be 'latest'
        $out[1].Tag | Should -Be 'latest'
        $out[2].Type | Should -Be 'Unknown'
    }

    It 'marks alias tags and sorts into menu order' {
        $out = 'w_2022_38', 'recommended', 'r23_0_0', 'w_2022_40', 'latest' |
            ConvertFrom-LabImageTag -AliasTag recommended -Sort
        $out.Tag | Should -Be @('recommended', 'r23_0_0', 'w_2022_40', 'w_2022_38', 'latest')
        $out[0].DisplayName | Should -BeExactly 'Recommended'
    }

    It 'shows Tag, Type and DisplayName in its default table view' {
        $text = ConvertFrom-LabImageTag 'w_2022_40' | Format-Table | Out-String
        $text | Should -Match 'Tag\s+Type\s+DisplayName'
        $text | Should -Match 'w_2022_40\s+Weekly\s+Weekly 2022_40'
    }
}
