<#
.SYNOPSIS
    Get-LabImage against skopeo on a 5,000-tag repository of the local registry, in one run.
.DESCRIPTION
    1. Get-LabImage (list, classify, read the prepull set's digests) in a warm session against
       `skopeo list-tags` (list only). Target: at most 1.0x skopeo's time while doing more.
    2. Get-LabImage -ResolveDigest All (every digest) against `skopeo inspect` per tag on a sample,
       extrapolated to all tags. Target: at least 20x faster per tag.
    Request counts come from Get-LabImage's verbose request log: one request per tag-list page plus
    one HEAD per digest wanted.
#>
param([Parameter(Mandatory)][string] $ManifestPath, [int] $TagCount = 5000, [int] $InspectSample = 20)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$env:RSPADMIN_ROOT = $root
Import-Module (Join-Path $root 'tools/RspAdmin.LocalRegistry/LocalRegistryProcess.psm1') -Force
Import-Module $ManifestPath

if (-not (Get-Command skopeo -ErrorAction SilentlyContinue)) { Write-Host 'skopeo is not installed: skipped'; return }
Write-Host "Seeding a $TagCount-tag repository on the local registry..."
try { $registry = Start-LocalRegistry -Root $root -Tags $TagCount -TimeoutSeconds 300 }
catch { Write-Host "skipped: $($_.Exception.Message)"; return }
try {
    $repo = $registry.Repository
    $address = $registry.Registry
    function Measure-Median([scriptblock] $Block, [int] $Runs = 7) {
        $null = & $Block # warm-up
        $times = 1..$Runs | ForEach-Object { (Measure-Command { $null = & $Block }).TotalMilliseconds } | Sort-Object
        $times[[int][math]::Floor($Runs / 2)]
    }

    # 1. list + classify + prepull digests vs skopeo list-tags
    $skopeoList = Measure-Median { skopeo list-tags --tls-verify=false "docker://$address/$repo" | Out-Null }
    $ours = Measure-Median { Get-LabImage $address $repo }
    $log = Get-LabImage $address $repo -PrepullSet -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
    $prepull = @(Get-LabImage $address $repo -PrepullSet).Count
    $lists = @($log | Where-Object Message -Match '^GET .*/tags/list').Count
    $heads = @($log | Where-Object Message -Match '^HEAD ').Count
    '{0} tags: Get-LabImage (list + classify + {1} prepull digests) {2:F0} ms vs skopeo list-tags {3:F0} ms: ratio {4:F2} (target <= 1.0)' -f `
        $registry.Tags, $prepull, $ours, $skopeoList, ($ours / $skopeoList)
    '  requests: {0} tag-list page(s) + {1} HEAD for {2} digests wanted = {3} (bound: pages + digests)' -f $lists, $heads, $prepull, ($lists + $heads)

    # 2. every digest vs skopeo inspect per tag
    $tags = (Get-LabImage $address $repo -ResolveDigest None -IncludeArchitectureSpecific).Tag
    $sample = $tags | Get-Random -Count $InspectSample -SetSeed 42
    $sw = [Diagnostics.Stopwatch]::StartNew()
    foreach ($t in $sample) { skopeo inspect --raw --tls-verify=false "docker://$address/$($repo):$t" | Out-Null }
    $skopeoPerTag = $sw.Elapsed.TotalMilliseconds / $sample.Count
    $all = Measure-Median { Get-LabImage $address $repo -ResolveDigest All -IncludeArchitectureSpecific -ThrottleLimit 16 } -Runs 3
    $oursPerTag = $all / $tags.Count
    'digests of all {0} tags: Get-LabImage -ResolveDigest All {1:F0} ms ({2:F3} ms/tag) vs skopeo inspect {3:F1} ms/tag (sample of {4}, extrapolated {5:F0} s): {6:F1}x faster per tag (target >= 20x)' -f `
        $tags.Count, $all, $oursPerTag, $skopeoPerTag, $sample.Count, ($skopeoPerTag * $tags.Count / 1000), ($skopeoPerTag / $oursPerTag)
}
finally {
    Stop-LocalRegistry $registry
}
