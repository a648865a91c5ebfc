# The deliberate differences from Nublado that the NOTES of ConvertFrom-LabImageTag's help page
# document, one test per note, so the page cannot drift from the behaviour.
BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
}

Describe 'ConvertFrom-LabImageTag behaves as its NOTES say' {
    It 'compares release candidate numbers as numbers: rc10 is newer than rc2' {
        $sorted = 'r23_0_1_rc2', 'r23_0_1_rc10', 'r23_0_1_rc1' | ConvertFrom-LabImageTag -Sort
        $sorted.Tag | Should -Be @('r23_0_1_rc10', 'r23_0_1_rc2', 'r23_0_1_rc1')
    }

    It 'orders tags that are equal under Nublado rules by their text, and other types by group' {
        $sorted = 'w_2021_22', 'd_2021_05_27', 'w_2021_022', 'r21_0_1', 'w_2021_23' | ConvertFrom-LabImageTag -Sort
        $sorted.Tag | Should -Be @('r21_0_1', 'w_2021_23', 'w_2021_022', 'w_2021_22', 'd_2021_05_27')
        $reversed = 'w_2021_022', 'w_2021_22' | ConvertFrom-LabImageTag -Sort
        $reversed.Tag | Should -Be @('w_2021_022', 'w_2021_22') -Because 'the order does not depend on the input order'
    }

    It 'counts only ASCII digits and makes oversized numbers Unknown: <Tag>' -ForEach @(
        @{ Tag = "w_$([char]0xFF12)$([char]0xFF10)$([char]0xFF12)$([char]0xFF12)_40" }
        @{ Tag = 'r99999999999999999999_0_0' }
        @{ Tag = 'w_2022_40_c99999999999.001' }
        @{ Tag = 'w_2022_40_rsp99999999999' }
        @{ Tag = 'r0_0_0_rc0_rsp2147483648' }
        @{ Tag = 'r23_0_0_rc1_c0046.4294967296' }
        @{ Tag = 'd_2024_12_30_c2147483648.001' }
    ) {
        $parsed = ConvertFrom-LabImageTag $Tag
        $parsed.Type | Should -Be 'Unknown'
        $parsed.DisplayName | Should -BeExactly $Tag
    }

    It 'keeps exp_ over an oversized tag: an Experimental tag of the Unknown one' {
        $parsed = ConvertFrom-LabImageTag 'exp_r0_0_0_rc0_rsp2147483648'
        $parsed.Type | Should -Be 'Experimental'
        $parsed.DisplayName | Should -BeExactly 'Experimental r0_0_0_rc0_rsp2147483648'
        $parsed.Version | Should -BeNullOrEmpty
    }

    It 'makes a week the year does not have, or a day that is not a date, Unknown: <Tag>' -ForEach @(
        @{ Tag = 'w_2022_53' }, @{ Tag = 'd_2023_13_05' }, @{ Tag = 'd_2023_02_30' }
    ) {
        (ConvertFrom-LabImageTag $Tag).Type | Should -Be 'Unknown'
    }

    It 'nests exp_ prefixes to any depth' {
        (ConvertFrom-LabImageTag 'exp_exp_w_2022_40').DisplayName | Should -BeExactly 'Experimental Experimental Weekly 2022_40'
        $deep = ConvertFrom-LabImageTag (('exp_' * 3000) + 'w_2022_40')
        $deep.Type | Should -Be 'Experimental'
        $deep.Date | Should -Be ([datetime]::new(2022, 10, 6, 0, 0, 0, [DateTimeKind]::Utc))
    }

    It 'reads a hyphenated unknown tag as architecture-specific' {
        $parsed = ConvertFrom-LabImageTag 'sciplat-lab'
        $parsed.Type | Should -Be 'Unknown'
        $parsed.Base | Should -Be 'sciplat'
        $parsed.Architecture | Should -Be 'lab'
        $parsed.IsArchitectureSpecific | Should -BeTrue
        $parsed.DisplayName | Should -BeExactly 'sciplat [lab]'
    }
}
