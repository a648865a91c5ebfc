<#
.SYNOPSIS
    Runs RspAdmin's benchmarks and prints each measurement with its ratio to a peer, a bound or a target.
.DESCRIPTION
    Called by ./build.sh bench after the module is staged. Nothing here is a test: figures vary with
    the machine; each line says what was measured against what, in one run.
#>
param([Parameter(Mandatory)][string] $ManifestPath)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$root = Split-Path $PSScriptRoot -Parent
$pwsh = Join-Path $PSHOME 'pwsh'

function Write-Ratio([string] $Name, [double] $Measured, [double] $Reference, [string] $Against, [string] $Unit = 'ms') {
    $ratio = if ($Reference -gt 0) { $Measured / $Reference } else { [double]::NaN }
    '{0}: {1:F1} {2} vs {3} {4:F1} {2}: ratio {5:F2}' -f $Name, $Measured, $Unit, $Against, $Reference, $ratio
}

Write-Host "== Module import: added start-up time in a fresh pwsh =="
$baseline = "$pwsh -NoProfile -NonInteractive -c 1"
$withModule = "$pwsh -NoProfile -NonInteractive -c `"Import-Module '$ManifestPath'; `$null = ConvertFrom-LabImageTag w_2022_40`""
if (Get-Command hyperfine -ErrorAction SilentlyContinue) {
    $json = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-import-$PID.json"
    & hyperfine -N --warmup 3 --runs 15 --export-json $json $baseline $withModule | Out-Null
    $results = (Get-Content -Raw $json | ConvertFrom-Json).results
    Remove-Item $json
    $base = $results[0].mean * 1000; $mod = $results[1].mean * 1000
}
else {
    $time = { param($cmd) $sw = [Diagnostics.Stopwatch]::StartNew(); bash -c $cmd | Out-Null; $sw.Elapsed.TotalMilliseconds }
    1..3 | ForEach-Object { & $time $baseline; & $time $withModule } | Out-Null
    $base = (1..10 | ForEach-Object { & $time $baseline } | Measure-Object -Average).Average
    $mod = (1..10 | ForEach-Object { & $time $withModule } | Measure-Object -Average).Average
}
'pwsh -c 1: {0:F1} ms; with Import-Module + first ConvertFrom-LabImageTag: {1:F1} ms' -f $base, $mod
Write-Ratio 'added by import + first call' ($mod - $base) 150 'target'

Write-Host "`n== Parse and sort 10,000 realistic tags in-process (engine) =="
& dotnet run --project (Join-Path $root 'bench/RspAdmin.Bench/RspAdmin.Bench.csproj') -c Release --no-build -- tags 10000
if ($LASTEXITCODE -ne 0) { throw 'tag benchmark failed' }

Write-Host "`n== The same through the cmdlet in a warm session =="
Import-Module $ManifestPath
$tags = & dotnet (Join-Path $root 'bench/RspAdmin.Bench/bin/Release/net10.0/RspAdmin.Bench.dll') list 10000
$null = ConvertFrom-LabImageTag -Tag $tags -AliasTag recommended -Sort
$samples = 1..15 | ForEach-Object { (Measure-Command { $null = ConvertFrom-LabImageTag -Tag $tags -AliasTag recommended -Sort }).TotalMilliseconds } | Sort-Object
Write-Ratio 'ConvertFrom-LabImageTag -Tag <10,000> -Sort (median)' $samples[7] 20 'target'
$piped = 1..5 | ForEach-Object { (Measure-Command { $null = $tags | ConvertFrom-LabImageTag -Sort }).TotalMilliseconds } | Sort-Object
'  (from the pipeline, one tag per record: median {0:F1} ms; the difference is PowerShell''s per-record cost)' -f $piped[2]

Write-Host "`n== Surgical YAML edit of the largest Phalanx values file (engine) =="
& dotnet run --project (Join-Path $root 'bench/RspAdmin.Bench.YamlEdit/RspAdmin.Bench.YamlEdit.csproj') -c Release --
if ($LASTEXITCODE -ne 0) { throw 'YAML edit benchmark failed' }

Write-Host "`n== Get-LabImage against skopeo on the local registry =="
& (Join-Path $PSScriptRoot 'Measure-LabImageCatalog.ps1') -ManifestPath $ManifestPath

Write-Host "`n== Promotion: retag against the local registry vs skopeo copy, requests on the wire, prepull edit (engine) =="
& dotnet run --project (Join-Path $root 'bench/RspAdmin.Bench.Promote/RspAdmin.Bench.Promote.csproj') -c Release --
if ($LASTEXITCODE -ne 0) { throw 'promotion benchmark failed' }

Write-Host "`n== Services: lab namespace removal vs kubectl | grep | awk | xargs (2,000 namespaces; kubectl's own client-side rate limit makes the pipeline take minutes), waited Argo CD sync overhead =="
& dotnet run --project (Join-Path $root 'bench/RspAdmin.Bench.Services/RspAdmin.Bench.Services.csproj') -c Release --
if ($LASTEXITCODE -ne 0) { throw 'services benchmark failed' }

Write-Host "`n== Migration stage 1 window (1.W0..1.W8) with 500 v2 lab namespaces: wall time vs the simulated waits it must sit through, requests per step =="
& dotnet run --project (Join-Path $root 'bench/RspAdmin.Bench.Services/RspAdmin.Bench.Services.csproj') -c Release -- window 500
if ($LASTEXITCODE -ne 0) { throw 'migration window benchmark failed' }

Write-Host "`n== The retag through Copy-LabImageTag in a warm session, vs skopeo copy =="
Import-Module (Join-Path $root 'tools/RspAdmin.LocalRegistry/LocalRegistryProcess.psm1')
$server = Start-LocalRegistry -Root $root -Tags 60
try {
    $source = 'd_2025_05_16'
    $null = Copy-LabImageTag $server.Registry $server.Repository $source warmup -Confirm:$false
    $cmdlet = 1..21 | ForEach-Object { (Measure-Command { Copy-LabImageTag $server.Registry $server.Repository $source "cmdlet_$_" -Confirm:$false }).TotalMilliseconds } | Sort-Object
    if (Get-Command skopeo -ErrorAction SilentlyContinue) {
        $copy = { param($n) & skopeo copy --quiet --src-tls-verify=false --dest-tls-verify=false "docker://$($server.Registry)/$($server.Repository):$source" "docker://$($server.Registry)/$($server.Repository):skopeo_$n" }
        $skopeo = 1..21 | ForEach-Object { (Measure-Command { & $copy $_ }).TotalMilliseconds } | Sort-Object
        Write-Ratio 'Copy-LabImageTag (median of 21)' $cmdlet[10] $skopeo[10] 'skopeo copy'
    }
    else {
        'Copy-LabImageTag (median of 21): {0:F1} ms; skopeo is not installed, no ratio' -f $cmdlet[10]
    }
}
finally {
    Stop-LocalRegistry $server
}

Write-Host "`n== Prepull at scale: 1,000 sandbox nodes, 6 images, 200 ms pulls =="
# pwsh reads the telemetry switch at start-up: the child measures Invoke-Prepull, not pwsh's uploads.
$telemetry = $env:POWERSHELL_TELEMETRY_OPTOUT
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
try { & $pwsh -NoLogo -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Invoke-PrepullBenchmark.ps1') -ManifestPath $ManifestPath }
finally { $env:POWERSHELL_TELEMETRY_OPTOUT = $telemetry }
if ($LASTEXITCODE -ne 0) { throw 'prepull benchmark failed' }

Write-Host "`n== Toolforge: resolve 100,000 names and URLs (engine and cmdlet), map 20,000 sandbox pods to entries =="
& (Join-Path $PSScriptRoot 'Invoke-ToolforgeBenchmark.ps1') -ManifestPath $ManifestPath
