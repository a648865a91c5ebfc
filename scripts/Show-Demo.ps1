<#
.SYNOPSIS
    The built-in local demo: imports the staged module and shows what it does on realistic data.
#>
param([Parameter(Mandatory)][string] $ManifestPath)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module $ManifestPath

Write-Host "`n== RspAdmin $((Get-Module RspAdmin).Version): the lab image catalog of a registry, in spawner menu order ==`n"
# A realistic tag list, as a Rubin Science Platform registry holds it (unsorted, as registries return it).
$tags = @(
    'w_2022_38', 'recommended', 'd_2023_01_05', 'r23_0_0', 'w_2022_40', 'd_2023_01_04', 'r23_0_0_rc1',
    'w_2022_40-amd64', 'w_2022_40-arm64', 'latest_weekly', 'r22_0_1', 'exp_w_2022_40_testing', 'w_2022_39',
    'd_2023_01_03', 'r23_0_1_rc2', 'r23_0_1_rc10', 'w_2022_40_c0026.003', 'r170', 'latest', 'sciplat-lab'
)
$tags | ConvertFrom-LabImageTag -AliasTag recommended -Sort | Format-Table -AutoSize | Out-String -Width 120 | Write-Host

Write-Host "== One tag in full ==`n"
ConvertFrom-LabImageTag 'w_2022_40_c0026.003_rsp2742-amd64' | Format-List | Out-String -Width 120 | Write-Host

Write-Host "== Promote a weekly to recommended in a local registry, and keep it prepulled ==`n"
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'tools/RspAdmin.LocalRegistry/LocalRegistryProcess.psm1')
if (-not (Get-Command docker-registry -ErrorAction SilentlyContinue)) {
    Write-Host "(skipped: docker-registry is not installed; ./build.sh demo installs it when run as root)"
    return
}

$server = Start-LocalRegistry -Root $root -Tags 60
$phalanx = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-demo-phalanx-$PID"
try {
    # A Phalanx tree with one environment, 'demo', whose Nublado reads the local registry.
    $nublado = New-Item -ItemType Directory -Force (Join-Path $phalanx 'applications/nublado')
    Set-Content (Join-Path $nublado 'values.yaml') @'
controller:
  config:
    images:
      source: {}
      recommendedTag: "recommended"
      numReleases: 1
      numWeeklies: 2
      numDailies: 3
      pin: []
'@
    Set-Content (Join-Path $nublado 'values-demo.yaml') @"
# The demo environment.
controller:
  config:
    images:
      source:
        type: "docker"
        registry: "$($server.Registry)"
        repository: "$($server.Repository)"
      # Releases kept on every node whatever their age.
      pin:
        - "r28_0_0"
"@
    $weekly = @(Get-LabImage -PhalanxPath $phalanx -Environment demo -Type Weekly -ResolveDigest None |
        Where-Object { $null -eq $_.Cycle -and $null -eq $_.RspBuild })[-1].Tag
    $before = (Get-LabImage -PhalanxPath $phalanx -Environment demo -Class recommended).DisplayName
    Write-Host "Registry $($server.Registry)/$($server.Repository): recommended names $($server.RecommendedTarget); the menu shows '$before'."
    Write-Host "Promoting $weekly, an older weekly the nodes do not prepull, with the runbook:"

    $summary = & (Join-Path $root 'scripts/runbooks/Update-RecommendedImage.ps1') -PhalanxPath $phalanx -Environment demo -Tag $weekly -Confirm:$false
    $after = (Get-LabImage -PhalanxPath $phalanx -Environment demo -Class recommended).DisplayName
    Write-Host "`nThe menu showed '$before'; it now shows '$after' (verified: $($summary.Verified))."
}
finally {
    Stop-LocalRegistry $server
    Remove-Item $phalanx -Recurse -Force -ErrorAction SilentlyContinue
}

Write-Host "`n== Rehearse on a local cluster: the menu cannot name the recommended image; promote, prepull, check ==`n"
# Three simulated nodes behind their own registry: node2 is tainted (not eligible), node3 lacks the newest weekly.
$sandbox = Start-LabSandbox three-nodes
try {
    $cluster = @{ Kubeconfig = $sandbox.KubeconfigPath }
    $registry = $sandbox.RegistryAddress
    $repository = 'lsstsqre/sciplat-lab'
    $config = Get-LabImageConfig -Registry $registry -Repository $repository -NumWeeklies 1 -NumDailies 1

    # An approval from weeks ago: recommended still names w_2024_50, which the nodes no longer prepull.
    $null = Copy-LabImageTag $registry $repository w_2024_50 recommended -Confirm:$false
    Write-Host 'The spawner menu now (the recommended image has no version in its name):'
    $config | Get-LabMenu @cluster -List Menu -WarningAction Continue | Format-Table | Out-String -Width 120 | Write-Host

    Write-Host 'Promote the approved weekly w_2024_52 (in the prepull set) and look at the prepull status:'
    Set-RecommendedTag -Registry $registry -Repository $repository -Tag w_2024_52 -Confirm:$false
    $config | Get-PrepullStatus @cluster | Out-String -Width 120 | Write-Host

    Write-Host 'Prepull what the eligible nodes miss:'
    $config | Invoke-Prepull @cluster -Confirm:$false | Format-Table | Out-String -Width 120 | Write-Host

    Write-Host 'The spawner menu after the promotion and the prepull:'
    $config | Get-LabMenu @cluster -List Menu | Format-Table | Out-String -Width 120 | Write-Host
}
finally {
    $sandbox | Stop-LabSandbox
}
