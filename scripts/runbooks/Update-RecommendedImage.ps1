<#
.SYNOPSIS
    Updates the recommended lab image of a Phalanx environment, step by step as the documented procedure does.

.DESCRIPTION
    The procedure "Updating the recommended Notebook Aspect image", as one command:

      1. Check the tag: it exists, it is not architecture-specific nor of another SAL cycle, and its digest
         is the approved one (-ExpectedDigest).
      2. Show what the spawner menu calls the recommended image now, and what it will call it afterwards.
      3. Retag: point the recommended tag (recommended, or the environment's own, e.g. recommended_c0044) at
         the image, byte for byte, and verify the digest.
      4. Keep the image prepulled under its own tag: a pin in the nublado values (Docker source), or the
         SimpleRepoMan entry in the cachemachine values (legacy environments). A Google Artifact Registry
         source needs nothing.
      5. Say which Argo CD application to sync once the values change is merged.
      6. Verify: the registry reports the image's digest for the recommended tag.

    With -WhatIf nothing is written: step 3 says which digest the recommended tag would name and step 4 prints
    the diff of each values file. Every step that fails stops the runbook before anything later happens.

    The registry and repository come from the environment's nublado values. A legacy environment without
    nublado values needs -Registry and -Repository.

.PARAMETER PhalanxPath
    The root of a Phalanx checkout (the directory that holds applications/).

.PARAMETER Environment
    The Phalanx environment, e.g. usdfprod.

.PARAMETER Tag
    The approved image's tag, e.g. w_2022_40.

.PARAMETER ExpectedDigest
    The approved digest; the runbook stops when the tag names another image now.

.PARAMETER Registry
    The registry host, for an environment without nublado values.

.PARAMETER Repository
    The repository, for an environment without nublado values.

.PARAMETER RecommendedTag
    The tag to move, for an environment without nublado values. Default: recommended.

.PARAMETER PrunePins
    Also remove the weekly and daily pins (or SimpleRepoMan entries) of earlier recommended images.

.PARAMETER Credential
    Credentials for the registry; by default those of the Docker configuration.

.PARAMETER AllowInsecureRegistry
    Allow plain HTTP or unverified TLS for a registry that is not on this machine.

.EXAMPLE
    ./scripts/runbooks/Update-RecommendedImage.ps1 -PhalanxPath ~/phalanx -Environment usdfprod -Tag w_2022_40 -WhatIf

    Shows what the menu says now and will say, which digest the recommended tag would name, and the diff of
    applications/nublado/values-usdfprod.yaml; changes nothing.

.EXAMPLE
    ./scripts/runbooks/Update-RecommendedImage.ps1 -PhalanxPath ~/phalanx -Environment usdfprod -Tag w_2022_40 -ExpectedDigest sha256:...

    Promotes the approved weekly, pins it, and says to sync the nublado application in Argo CD.

.OUTPUTS
    A summary object: Environment, Reference, Tag, Digest, PreviousDigest, PreviousTags, MenuBefore,
    MenuAfter, Changes (the values files edited or to edit), SyncApplications and Verified.
#>
#Requires -Version 7.4
#Requires -Modules RspAdmin

[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
param(
    [Parameter(Mandatory)][string] $PhalanxPath,
    [Parameter(Mandatory)][string] $Environment,
    [Parameter(Mandatory)][string] $Tag,
    [string] $ExpectedDigest,
    [string] $Registry,
    [string] $Repository,
    [string] $RecommendedTag = 'recommended',
    [switch] $PrunePins,
    [pscredential] $Credential,
    [switch] $AllowInsecureRegistry
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PhalanxPath = (Resolve-Path -LiteralPath $PhalanxPath).ProviderPath
$access = @{ AllowInsecureRegistry = $AllowInsecureRegistry }
if ($Credential) { $access.Credential = $Credential }

function Write-Step([int] $Number, [string] $Text) { Write-Host "`n[$Number/6] $Text" }

# Where the images are: the nublado settings, or the parameters of a legacy environment.
$nubladoValues = Join-Path $PhalanxPath "applications/nublado/values-$Environment.yaml"
if (Test-Path -LiteralPath $nubladoValues) {
    $config = Get-LabImageConfig -PhalanxPath $PhalanxPath -Environment $Environment
}
elseif ($Registry -and $Repository) {
    $config = Get-LabImageConfig -Registry $Registry -Repository $Repository -RecommendedTag $RecommendedTag
}
else {
    throw "$Environment has no nublado values ($nubladoValues): pass -Registry and -Repository for a legacy environment."
}
$image = "$($config.Registry)/$($config.Repository)"

Write-Step 1 "Check $image`:$Tag"
$reference = "$image`:$Tag" + $(if ($ExpectedDigest) { "@$ExpectedDigest" } else { '' })
$target = Get-LabImage -Reference $reference @access
if ($target.IsArchitectureSpecific) { throw "$Tag names one architecture of a multi-architecture image; promote the image for every architecture." }
Write-Host "      $($target.DisplayName): $($target.Digest)"

Write-Step 2 "What the spawner menu says"
$information = $null
Set-RecommendedTag -Config $config -Tag $Tag -ExpectedDigest $target.Digest @access -WhatIf -InformationVariable information -WarningAction SilentlyContinue
$plan = @($information | Where-Object { $_.Tags -contains 'RecommendedTagPlan' })[0].MessageData
$menuAfter = if ($config.Source.Type -eq 'Docker') { $plan.DisplayNameAfterPin } else { $plan.DisplayNameAfter }
Write-Host "      now:   $(if ($plan.CurrentDisplayName) { $plan.CurrentDisplayName } else { "(no $($config.RecommendedTag) tag)" })"
Write-Host "      after: $menuAfter"
if ($plan.PreviousDigest) {
    $previous = if ($plan.PreviousTags.Count -gt 0) { $plan.PreviousTags -join ', ' } else { 'no other tag found' }
    $undo = if ($plan.PreviousTags.Count -gt 0) { $plan.PreviousTags[0] } else { '<the previous tag>' }
    Write-Host "      $($config.RecommendedTag) names $($plan.PreviousDigest) ($previous) now; to undo, run this again with -Tag $undo."
}

Write-Step 3 "Point $image`:$($config.RecommendedTag) at $Tag"
$promoted = $null
if ($plan.IsUnchanged) {
    Write-Host "      $($config.RecommendedTag) already names $($target.Digest)."
}
else {
    $promoted = Set-RecommendedTag -Config $config -Tag $Tag -ExpectedDigest $target.Digest @access -PassThru -Confirm:$false -WarningAction SilentlyContinue
    if ($promoted) { Write-Host "      done: $($promoted.DisplayName)" }
}

Write-Step 4 "Keep $Tag prepulled under its own tag"
$changes = @(Update-LabImagePrepull -PhalanxPath $PhalanxPath -Environment $Environment -Tag $Tag -PrunePins:$PrunePins @access)
foreach ($change in $changes) {
    Write-Host "      $($change.RelativePath): $($change.Outcome). $($change.Reason)"
    if ($change.Saved -and $change.Diff) { Write-Host ($change.Diff.TrimEnd("`n") -replace '(?m)^', '      ') }
}

Write-Step 5 "Sync"
$sync = @($changes | Where-Object { $_.HasChanges -or $_.Saved } | ForEach-Object { $_.ArgoCdApplication } | Select-Object -Unique)
if ($sync.Count -gt 0) {
    foreach ($application in $sync) {
        Write-Host "      Commit and merge the change to $(($changes | Where-Object ArgoCdApplication -EQ $application).RelativePath -join ', '), then sync the Argo CD application '$application' in $Environment."
    }
}
else {
    Write-Host "      No values file changes: nothing to sync."
}

Write-Step 6 "Verify"
$verified = $false
if ($WhatIfPreference) {
    Write-Host "      Skipped: nothing was changed (-WhatIf)."
}
else {
    $now = Get-LabImage -Reference "$image`:$($config.RecommendedTag)" -RecommendedTag $config.RecommendedTag @access
    $verified = $now.Digest -eq $target.Digest
    if (-not $verified) { throw "$image`:$($config.RecommendedTag) names $($now.Digest), not $($target.Digest) ($Tag)." }
    Write-Host "      $image`:$($config.RecommendedTag) names $($now.Digest), the digest of $Tag."
}

[pscustomobject]@{
    Environment      = $Environment
    Reference        = "$image`:$($config.RecommendedTag)"
    Tag              = $Tag
    Digest           = $target.Digest
    PreviousDigest   = $plan.PreviousDigest
    PreviousTags     = @($plan.PreviousTags)
    MenuBefore       = $plan.CurrentDisplayName
    MenuAfter        = $menuAfter
    Changes          = $changes
    SyncApplications = $sync
    Verified         = $verified
}
