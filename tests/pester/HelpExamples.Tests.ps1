# Runs every example of every help page in docs/help and compares what it writes with the page's
# 'output' block. An example without an output block must write nothing.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Support/HelpPage.psm1') -Force
    $pages = Get-ChildItem (Join-Path $env:RSPADMIN_ROOT 'docs/help') -Filter '*.md' | Where-Object Name -NotLike 'about_*'
    $examples = foreach ($page in $pages) {
        foreach ($example in Get-HelpPageExample -Path $page.FullName) {
            @{ Page = $example.Page; Number = $example.Number; Title = $example.Title; Line = $example.Line; Code = $example.Code; Output = $example.Output }
        }
    }
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    Import-Module (Join-Path $env:RSPADMIN_ROOT 'tools/RspAdmin.LocalRegistry/LocalRegistryProcess.psm1') -Force

    # Examples that read a registry name localhost:5000, the usual address of a registry on one's own
    # machine; the suite serves the documented example repository (see LabTagPlan.Example) on a free
    # loopback port and runs those examples with that port in place of 5000.
    $script:ExampleRegistryAddress = 'localhost:5000'
    $script:ExampleRegistry = $null
    Import-Module (Join-Path $PSScriptRoot 'Support/HelpPage.psm1') -Force
    $PSStyle.OutputRendering = 'PlainText'

    # The width of a common terminal: wide enough for the tables on the pages, fixed so output is stable.
    $script:OutputWidth = 120

    function Invoke-Example([string] $Code) {
        $block = [scriptblock]::Create($Code)
        $ErrorActionPreference = 'Stop'
        & $block | Out-String -Width $script:OutputWidth
    }
}

Describe 'Help page examples' {
    It 'finds examples to run' -ForEach @(@{ Count = @($examples).Count }) {
        $Count | Should -BeGreaterThan 0
    }

    AfterAll {
        if ($script:ExampleRegistry -and -not $script:ExampleRegistry.PSObject.Properties['Skip']) { $script:ExampleRegistry | Stop-LocalRegistry }
    }

    It '<Page> example <Number> (<Title>) writes the output its page shows' -ForEach $examples {
        if ($Code -match [regex]::Escape($script:ExampleRegistryAddress)) {
            if (-not $script:ExampleRegistry) {
                $script:ExampleRegistry = try { Start-LocalRegistry -Root $env:RSPADMIN_ROOT -Example }
                catch { [pscustomobject]@{ Skip = $_.Exception.Message } }
            }

            if ($script:ExampleRegistry.PSObject.Properties['Skip']) {
                Set-ItResult -Skipped -Because "the example registry is not available: $($script:ExampleRegistry.Skip)"
                return
            }

            $port = ($script:ExampleRegistry.Registry -split ':')[-1]
            $Code = $Code.Replace($script:ExampleRegistryAddress, "localhost:$port")
        }

        $Code | Should -Not -BeNullOrEmpty -Because "example $Number of $Page.md (line $Line) needs a powershell block"
        $actual = ConvertTo-ComparableOutput (Invoke-Example $Code)
        $expected = ConvertTo-ComparableOutput $Output
        $actual | Should -BeExactly $expected -Because "example $Number of $Page.md (line $Line) should write its 'output' block"
    }
}

Describe 'Output comparison' {
    It 'ignores trailing whitespace, line endings and runs of blank lines' {
        $a = "`n`nTag   Type  `r`n---   ----`n`n`nw_1   Weekly   `n`n"
        $b = "Tag   Type`n---   ----`n`nw_1   Weekly"
        ConvertTo-ComparableOutput $a | Should -BeExactly (ConvertTo-ComparableOutput $b)
    }

    It 'still tells apart output that differs in a cell, in case, in indentation or in line order' {
        $base = ConvertTo-ComparableOutput "Tag Type`nw_1 Weekly`nr_1 Release"
        ConvertTo-ComparableOutput "Tag Type`nw_1 Weekly`nr_2 Release" | Should -Not -BeExactly $base
        ConvertTo-ComparableOutput "Tag Type`nw_1 weekly`nr_1 Release" | Should -Not -BeExactly $base
        ConvertTo-ComparableOutput "Tag Type`n w_1 Weekly`nr_1 Release" | Should -Not -BeExactly $base
        ConvertTo-ComparableOutput "Tag Type`nr_1 Release`nw_1 Weekly" | Should -Not -BeExactly $base
        ConvertTo-ComparableOutput "Tag Type`nw_1 Weekly`n`nr_1 Release" | Should -Not -BeExactly $base
    }

    It 'reads the code and output blocks of a page as written' {
        $page = Join-Path $TestDrive 'Get-Thing.md'
        Set-Content -Path $page -Value @(
            '# Get-Thing', '', '## EXAMPLES', '', '### Example 1: One', '```powershell', 'Get-Thing', '```', '',
            '```output', 'A', '  B', '```', '', 'Remarks.', '', '### Example 2', '```powershell', "'x'", '```',
            'Text in between.', '```output', 'not this one', '```', '', '## PARAMETERS')
        $read = @(Get-HelpPageExample -Path $page)
        $read.Count | Should -Be 2
        $read[0].Title | Should -Be 'One'
        $read[0].Code | Should -BeExactly 'Get-Thing'
        $read[0].Output | Should -BeExactly "A`n  B"
        $read[1].Number | Should -Be 2
        $read[1].Output | Should -BeNullOrEmpty -Because 'an output block belongs to the code only when it follows it directly'
    }
}
