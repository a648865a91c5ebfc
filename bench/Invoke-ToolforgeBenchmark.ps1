<#
.SYNOPSIS
    Toolforge image resolution and usage mapping: the engine program, then Resolve-ToolforgeImage in a
    warm session over the same 100,000 names and 200-entry catalog.
.DESCRIPTION
    Called by Invoke-Benchmarks.ps1 (./build.sh bench) after the module is staged; prints figures with
    their ratio to the targets (2 µs per name in the engine, 1 s to map 20,000 pods beyond listing them).
#>
param([Parameter(Mandatory)][string] $ManifestPath)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$project = Join-Path $root 'bench/RspAdmin.Bench.Toolforge/RspAdmin.Bench.Toolforge.csproj'

& dotnet run --project $project -c Release -- all
if ($LASTEXITCODE -ne 0) { throw 'Toolforge benchmark failed' }

$work = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-bench-toolforge-cmdlet-$PID"
& dotnet run --project $project -c Release --no-build -- files $work
if ($LASTEXITCODE -ne 0) { throw 'Toolforge benchmark files failed' }
try {
    Import-Module $ManifestPath
    $catalog = Get-ToolforgeImageConfig -Path (Join-Path $work 'images-v1.yaml')
    $names = Get-Content (Join-Path $work 'names.txt')
    $null = Resolve-ToolforgeImage -Config $catalog -Name $names -WarningAction SilentlyContinue
    $samples = 1..5 | ForEach-Object { (Measure-Command { $null = Resolve-ToolforgeImage -Config $catalog -Name $names -WarningAction SilentlyContinue }).TotalMilliseconds } | Sort-Object
    'Resolve-ToolforgeImage -Name <{0:N0}> (median of 5): {1:F0} ms, {2:F2} µs per name' -f $names.Count, $samples[2], ($samples[2] * 1000 / $names.Count)
    $piped = 1..3 | ForEach-Object { (Measure-Command { $null = $names | Resolve-ToolforgeImage -Config $catalog -WarningAction SilentlyContinue }).TotalMilliseconds } | Sort-Object
    '  (from the pipeline, one name per record: median {0:F0} ms, {1:F2} µs per name; the difference is PowerShell''s per-record cost)' -f $piped[1], ($piped[1] * 1000 / $names.Count)
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
