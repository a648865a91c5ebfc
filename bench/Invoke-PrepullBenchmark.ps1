<#
.SYNOPSIS
    Prepull at scale against RspAdmin.Sandbox: 1,000 nodes, 6 images, 200 ms simulated pulls.
.DESCRIPTION
    Prints Invoke-Prepull's wall time against the lower bound (the longest per-node serial pull
    time: 6 pulls of 200 ms on one node), the CPU time per pull of the client (this pwsh, which
    runs Invoke-Prepull) and of the sandbox separately, the API requests per pull (the sandbox
    counts every request), and Get-PrepullStatus on the filled cluster in milliseconds. Two warm-up
    runs of the same shape pull other images first, so the measured run is a session's third
    Invoke-Prepull; their CPU per pull (a session's first and second prepull) is printed too.
    pwsh's own telemetry is switched off for this process (POWERSHELL_TELEMETRY_OPTOUT, set by
    Invoke-Benchmarks.ps1 or the caller): its uploads are not Invoke-Prepull's cost. Not a test.
#>
param([Parameter(Mandatory)][string] $ManifestPath)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ManifestPath

$scenario = Join-Path $PSScriptRoot 'scenarios/thousand-nodes.yaml'
$images = 6; $pullSeconds = 0.2; $nodes = 1000
$sandbox = Start-LabSandbox -Scenario $scenario -ReadyTimeout '00:02:00'
try {
    $config = Get-LabImageConfig -Registry $sandbox.RegistryAddress -Repository lsstsqre/sciplat-lab -NumReleases 1 -NumWeeklies 2 -NumDailies 3
    $cluster = @{ Kubeconfig = $sandbox.KubeconfigPath; AllowInsecureRegistry = $true }
    $before = @($config | Get-LabNode @cluster)
    "nodes: $($before.Count); images missing per node: $($before[0].Missing.Count)"

    # Three runs of one shape (six images on every node), by the same statement: two warm-ups pull other
    # images, then the measured run pulls the six of the prepull set. The first compiles the code on first
    # use; during the second the runtime still recompiles the code a run uses once (kubeconfig, node list,
    # parameter binding) once its calls are counted. The measured run is the session's third, as in any
    # session that has prepulled before; the figures of all three are printed.
    $warmup = @(6, 12 | ForEach-Object { Get-LabImageConfig -Registry $sandbox.RegistryAddress -Repository lsstsqre/warmup -NumReleases 0 -NumWeeklies $_ -NumDailies 0 })
    $runs = foreach ($run in $warmup[0], $warmup[1], $config) {
        if ($run -eq $config) { $null = Invoke-RestMethod -Method Delete "$($sandbox.ApiAddress)/sandbox/v1/requests" }
        # Let the runtime finish what it recompiles in the background after the run before.
        Start-Sleep -Seconds 4
        $sandboxStart = (Get-Process -Id $sandbox.ProcessId).TotalProcessorTime
        $selfStart = (Get-Process -Id $PID).TotalProcessorTime
        $jitStart = [System.Runtime.JitInfo]::GetCompilationTime($false); $methodsStart = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        $allocatedStart = [GC]::GetTotalAllocatedBytes($false); $gcsStart = [GC]::CollectionCount(0)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $pulled = @($run | Invoke-Prepull @cluster -ThrottleLimit $nodes -Timeout '00:05:00')
        [pscustomobject]@{
            Results    = $pulled
            Wall       = $clock.Elapsed.TotalSeconds
            SandboxCpu = ((Get-Process -Id $sandbox.ProcessId).TotalProcessorTime - $sandboxStart).TotalSeconds
            SelfCpu    = ((Get-Process -Id $PID).TotalProcessorTime - $selfStart).TotalSeconds
            JitTime    = ([System.Runtime.JitInfo]::GetCompilationTime($false) - $jitStart).TotalMilliseconds
            JitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $methodsStart
            Allocated  = [GC]::GetTotalAllocatedBytes($false) - $allocatedStart
            Gcs        = [GC]::CollectionCount(0) - $gcsStart
        }
    }
    foreach ($i in 0, 1) {
        'Warm-up: the session''s {0} Invoke-Prepull, {1} pulls of lsstsqre/warmup: client CPU per pull {2:F3} ms ({3} methods compiled)' -f @('first', 'second')[$i], $runs[$i].Results.Count, ($runs[$i].SelfCpu * 1000 / [math]::Max(1, $runs[$i].Results.Count)), $runs[$i].JitMethods
    }
    $measured = $runs[2]
    $results = $measured.Results; $wall = $measured.Wall; $sandboxCpu = $measured.SandboxCpu; $selfCpu = $measured.SelfCpu
    $jitTime = $measured.JitTime; $jitMethods = $measured.JitMethods; $allocated = $measured.Allocated; $gcs = $measured.Gcs
    $requests = Invoke-RestMethod "$($sandbox.ApiAddress)/sandbox/v1/requests"

    $pulled = @($results | Where-Object Outcome -EQ 'Pulled').Count
    $bound = $images * $pullSeconds
    'Invoke-Prepull: {0} pulls ({1} pulled) on {2} nodes in {3:F2} s; lower bound {4:F2} s (6 serial pulls of {5:F1} s on one node): ratio {6:F2} (target 1.30)' -f $results.Count, $pulled, $nodes, $wall, $bound, $pullSeconds, ($wall / $bound)
    '  CPU during the run: sandbox {0:F1} s, this pwsh (Invoke-Prepull) {1:F1} s, on {2} cores' -f $sandboxCpu, $selfCpu, [Environment]::ProcessorCount
    $pulls = [math]::Max(1, $results.Count)
    $clientPerPull = $selfCpu * 1000 / $pulls
    'Client CPU per pull (this pwsh, the session''s third Invoke-Prepull): {0:F3} ms vs target 0.300 ms: ratio {1:F2}' -f $clientPerPull, ($clientPerPull / 0.3)
    # The JIT's figure is the time its threads spent compiling, by the clock: on a loaded machine it counts
    # time spent waiting for a core too, so it can exceed the CPU time it is part of.
    '  during it the JIT compiled {0} methods (mostly recompiling hot code optimized; {1:F0} ms by the clock); allocated {2:F1} KB per pull, {3} gen0 collections' -f $jitMethods, $jitTime, ($allocated / 1024 / $pulls), $gcs
    'Sandbox CPU per pull (simulated API server and kubelets): {0:F3} ms' -f ($sandboxCpu * 1000 / $pulls)
    'target client CPU/pull <= 0.3 ms: {0}' -f $(if ($clientPerPull -le 0.3) { 'met' } else { 'missed' })
    $byKind = $requests.requests | Group-Object {
        $watch = $_.path -match '[?&]watch=(1|true)'
        if ($_.path -match '/pods') { if ($watch) { 'pod watch' } else { "$($_.method) pods" } }
        elseif ($_.path -match '/nodes') { if ($watch) { 'node watch' } else { "$($_.method) nodes" } }
        else { "$($_.method) other" }
    } | ForEach-Object { [pscustomobject]@{ Kind = $_.Name; Count = ($_.Group | Measure-Object count -Sum).Sum } }
    $byKind | Sort-Object Kind | ForEach-Object { '  {0,-12} {1,6}' -f $_.Kind, $_.Count }
    $perPull = (($byKind | Where-Object Kind -In 'POST pods', 'DELETE pods', 'GET pods' | Measure-Object Count -Sum).Sum) / [math]::Max(1, $results.Count)
    'API requests per pull besides lists and watches: {0:F2} (target <= 3); total requests {1}' -f $perPull, $requests.total

    $null = $config | Get-PrepullStatus @cluster
    $samples = 1..5 | ForEach-Object { (Measure-Command { $null = $config | Get-PrepullStatus @cluster }).TotalMilliseconds } | Sort-Object
    $status = $config | Get-PrepullStatus @cluster
    'Get-PrepullStatus on {0} nodes (complete: {1}): median {2:F0} ms (target < 1000 ms)' -f $status.Nodes.Count, $status.Complete, $samples[2]
}
finally {
    $sandbox | Stop-LabSandbox
}
