<#
.SYNOPSIS
    Runs Pester files in this (fresh) pwsh process and writes a summary as JSON: passed, failed,
    skipped, and each skipped test with its reason.
#>
param(
    [Parameter(Mandatory)][string] $PesterManifest,
    [Parameter(Mandatory)][string[]] $Path,
    [Parameter(Mandatory)][string] $SummaryPath,
    [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

# Keep pwsh and PSResourceGet away from the real profile: every child pwsh inherits this HOME.
$scratchHome = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-pester-home-$PID"
New-Item -ItemType Directory -Force $scratchHome | Out-Null
$env:HOME = $scratchHome

Import-Module $PesterManifest -Force
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
if ($ResultPath) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'JUnitXml'
    $config.TestResult.OutputPath = $ResultPath
}
$result = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed  = $result.PassedCount
    # A failing BeforeAll or a file that does not load is a failure too, not silence.
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
    # Each skipped test with the reason Set-ItResult -Skipped -Because gave (none for a bare -Skip).
    Skips   = @($result.Skipped | ForEach-Object {
            $reason = @($_.ErrorRecord | Where-Object { $_ } | ForEach-Object { $_.Exception.Message -replace '^is skipped, because ', '' }) -join '; '
            [pscustomobject]@{ Name = "$([IO.Path]::GetFileName($_.ScriptBlock.File)): $($_.ExpandedPath)"; Reason = $reason }
        })
} | ConvertTo-Json -Depth 4 | Set-Content -Path $SummaryPath
Remove-Item $scratchHome -Recurse -Force -ErrorAction SilentlyContinue
