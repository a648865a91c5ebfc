<#
.SYNOPSIS
    Reads the examples of the platyPS-format help pages in docs/help, independently of the help
    builder, so the example tests check the pages themselves.
#>
Set-StrictMode -Version Latest

function Get-HelpPageExample {
    <#
    .SYNOPSIS
        Returns one object per example of a page: its number, title, line, PowerShell code, and the
        text of the fenced 'output' block that directly follows the code ($null when there is none).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Path)

    $lines = @((Get-Content -Raw -LiteralPath $Path) -replace "`r`n", "`n" -split "`n")
    $inExamples = $false
    $current = $null
    $expectOutput = $false
    $results = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($line -match '^(`{3,}|~{3,})\s*([^\s`]*)') {
            # A fenced block: read it whole, so headings inside it are not taken for headings.
            $fence = $Matches[1]; $info = $Matches[2]
            $closing = '^' + [regex]::Escape([string]$fence[0]) + '{' + $fence.Length + ',}\s*$'
            $body = [System.Collections.Generic.List[string]]::new()
            for ($i++; $i -lt $lines.Count -and $lines[$i] -notmatch $closing; $i++) {
                $body.Add($lines[$i])
            }

            $text = $body -join "`n"
            if ($null -ne $current) {
                if ($info -eq 'powershell' -and $null -eq $current.Code) { $current.Code = $text; $expectOutput = $true; continue }
                if ($info -eq 'output' -and $expectOutput) { $current.Output = $text }
            }

            $expectOutput = $false
            continue
        }

        if ($line -match '^##\s+(.+?)\s*$' -and $line -notmatch '^###') {
            $inExamples = $Matches[1] -eq 'EXAMPLES'
            $current = $null
            continue
        }

        if ($inExamples -and $line -match '^###\s+Example\s+(\d+)\s*[:\-]?\s*(.*?)\s*$') {
            $current = [pscustomobject]@{
                Page   = [IO.Path]::GetFileNameWithoutExtension($Path)
                Number = [int]$Matches[1]
                Title  = $Matches[2]
                Line   = $i + 1
                Code   = $null
                Output = $null
            }
            $results.Add($current)
            $expectOutput = $false
            continue
        }

        if ($line.Trim() -ne '') { $expectOutput = $false }
    }

    $results
}

function ConvertTo-ComparableOutput {
    <#
    .SYNOPSIS
        Normalizes command output for comparison: line endings to LF, trailing whitespace removed from
        every line, runs of blank lines collapsed to one, blank lines at the start and end dropped.
        Everything else, including leading spaces and letter case, is kept.
    #>
    [CmdletBinding()]
    param([AllowNull()][AllowEmptyString()][string] $Text)

    $kept = [System.Collections.Generic.List[string]]::new()
    foreach ($line in (([string]$Text) -replace "`r`n", "`n" -split "`n")) {
        $line = $line.TrimEnd()
        if ($line -eq '' -and ($kept.Count -eq 0 -or $kept[$kept.Count - 1] -eq '')) { continue }
        $kept.Add($line)
    }

    while ($kept.Count -gt 0 -and $kept[$kept.Count - 1] -eq '') { $kept.RemoveAt($kept.Count - 1) }
    $kept -join "`n"
}

Export-ModuleMember -Function Get-HelpPageExample, ConvertTo-ComparableOutput
