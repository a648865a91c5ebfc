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
