<#
.SYNOPSIS
    Runs one stage of the Nublado v2 to v3 migration of a Phalanx environment, step by step with narration.

.DESCRIPTION
    The migration "Nublado v2 to v3" in its stages (EnableV3: v3 beside v2 on /n3; MakeDefault: v3 on /nb,
    v2 on /n2; DisableV2: v2, cachemachine and moneypenny off; Cleanup: the v2 applications, database and
    secret go once every environment has migrated), as one command per stage:

      1. Where the environment stands: the state from the checkout (and the services, with -Connection),
         with the evidence. A stage that does not follow from it is refused (-AllowStageSkip overrides).
      2. The plan: every step of the stage with its kind (repo, live, gate, probe), its phase and whether it
         is done already.
      3. The run: repo edits committed on the branch nublado-migration/ENV/STAGE, gates that stop the run
         until acknowledged by id (-AcknowledgeGate), probes, and the live steps of the window through the
         services (-Connection). Each step is narrated as it ends, with what it changed and how to undo it.
         A gate that waits says what must be true before it is acknowledged; a failed step stops the run.
      4. The state afterwards, and the hub routes (/nb, /n2, /n3) when the connection reaches the hubs.

    With -WhatIf nothing is changed (no edit, no journal, no live call): repo steps show their diff, live steps
    their exact requests. After an interruption (Ctrl+C, a crash), run it again with -Resume: nothing already
    done is repeated.

.PARAMETER Stage
    EnableV3, MakeDefault, DisableV2 or Cleanup.

.PARAMETER Environment
    The Phalanx environment, e.g. idfdev.

.PARAMETER PhalanxPath
    The root of the Phalanx checkout (the directory that holds applications/ and environments/).

.PARAMETER Connection
    The environment's services, from New-NubladoMigrationConnection. Without it live steps are only
    previewed and the window stops at its first live step.

.PARAMETER Phase
    Preparation or Window; both (preparation first) when omitted.

.PARAMETER AcknowledgeGate
    The gates to pass, by step id (for example 1.P6 once users were told, 1.W6 once a lab was tested on /n3).

.PARAMETER Resume
    Go on after an interrupted run.

.PARAMETER AllowStageSkip
    Run a stage that does not follow from the detected state (for example stage 2 right after stage 0).

.PARAMETER JournalPath
    The journal file; one per environment and stage in the user's state directory by default.

.PARAMETER V3Flock
    mobu flocks that test v3 on /n3 during stage 1.

.PARAMETER V2Flock
    mobu flocks that keep testing v2 on /n2 in stage 2.

.PARAMETER WaitTimeout
    How long one wait of a live step may take (a sync, namespaces going, flocks coming back). Default 10 minutes.

.PARAMETER Force
    Run the destructive steps (session removal, prune, database drop, secret delete) without the extra question.

.EXAMPLE
    $connection = New-NubladoMigrationConnection -ArgoCdUrl https://data-dev.example.org/argo-cd -ArgoCdCredential $argo -VaultUrl https://vault.example.org -MobuUrl https://data-dev.example.org/mobu -HubUrl https://data-dev.example.org -Context idfdev
    ./scripts/runbooks/Invoke-NubladoMigration.ps1 -Stage EnableV3 -Environment idfdev -PhalanxPath ~/phalanx -Connection $connection -Phase Preparation

    Creates the nublado Vault secret, commits the edits on nublado-migration/idfdev/EnableV3 and stops at the
    communication gate 1.P6. Push and merge the branch, tell the users, then run it again with
    -AcknowledgeGate 1.P6 and, in the window, -Phase Window -AcknowledgeGate 1.P6, 1.W6.

.EXAMPLE
    $sandbox = Start-LabSandbox migration
    ./scripts/runbooks/Invoke-NubladoMigration.ps1 -Stage EnableV3 -Environment idfdev -PhalanxPath $sandbox.Services.PhalanxPath -Connection ($sandbox | New-NubladoMigrationConnection) -AcknowledgeGate 1.P6, 1.W6 -WhatIf

    Rehearses stage 1 on the sandbox: shows the diffs and the requests of every step and changes nothing.

.OUTPUTS
    A summary object: Environment, Stage, StateBefore, StateAfter, Results (one per step), WaitingForGate (the
    gate the run stopped at), Failed (the step that failed) and Routes (the hub routes afterwards).
#>
#Requires -Version 7.4
#Requires -Modules RspAdmin

[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
param(
    [Parameter(Mandatory)][ValidateSet('EnableV3', 'MakeDefault', 'DisableV2', 'Cleanup')][string] $Stage,
    [Parameter(Mandatory)][string] $Environment,
    [Parameter(Mandatory)][string] $PhalanxPath,
    [object] $Connection,
    [ValidateSet('Preparation', 'Window')][string] $Phase,
    [string[]] $AcknowledgeGate = @(),
    [switch] $Resume,
    [switch] $AllowStageSkip,
    [string] $JournalPath,
    [string[]] $V3Flock = @(),
    [string[]] $V2Flock = @(),
    [timespan] $WaitTimeout = [timespan]::FromMinutes(10),
    [switch] $Force
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PhalanxPath = (Resolve-Path -LiteralPath $PhalanxPath).ProviderPath
$site = @{ PhalanxPath = $PhalanxPath; Environment = $Environment }
if ($Connection) { $site.Connection = $Connection }
$choices = @{ V3Flock = $V3Flock; V2Flock = $V2Flock }
if ($V3Flock.Count -eq 0) { $choices.Remove('V3Flock') }
if ($V2Flock.Count -eq 0) { $choices.Remove('V2Flock') }

function Write-Part([int] $Number, [string] $Text) { Write-Host "`n[$Number/4] $Text" }

Write-Part 1 "Where $Environment stands"
$before = Get-NubladoMigrationState @site
Write-Host "      $($before.State): $($before.Reason)"

Write-Part 2 "The steps of $Stage"
$planArguments = @{ Stage = $Stage; AllowStageSkip = $AllowStageSkip } + $site + $choices
if ($Phase) { $planArguments.Phase = $Phase }
$plan = @(Get-NubladoMigrationPlan @planArguments)
foreach ($step in $plan) {
    Write-Host ('      {0,-5} {1,-6} {2,-12} {3}{4}' -f $step.Id, $step.Kind, $step.Phase, $step.Title, $(if ($step.IsDone) { ' (done)' } else { '' }))
}

Write-Part 3 "Run"
$runArguments = @{ Stage = $Stage; Resume = $Resume; AllowStageSkip = $AllowStageSkip; WaitTimeout = $WaitTimeout; Force = $Force } + $site + $choices
if ($Phase) { $runArguments.Phase = $Phase }
if ($AcknowledgeGate.Count -gt 0) { $runArguments.AcknowledgeGate = $AcknowledgeGate }
if ($JournalPath) { $runArguments.JournalPath = $JournalPath }
$failure = $null
$results = @(Start-NubladoMigrationStage @runArguments -ErrorAction Continue -ErrorVariable failure | ForEach-Object {
        $line = '      {0,-5} {1,-14} {2}' -f $_.Id, $_.Outcome, $(if ($_.Message) { $_.Message } else { $_.Title })
        Write-Host $line
        if ($_.Undo -and "$($_.Outcome)" -eq 'Done') { Write-Host "            undo: $($_.Undo)" }
        $_
    })
$waiting = @($results | Where-Object { "$($_.Outcome)" -eq 'WaitingForGate' } | Select-Object -First 1)
$failed = @($results | Where-Object { "$($_.Outcome)" -eq 'Failed' } | Select-Object -First 1)
if ($waiting) {
    Write-Host "      Stopped at gate $($waiting.Id) ($($waiting.Title)). When it is true, run again with -AcknowledgeGate $(@($AcknowledgeGate) + $waiting.Id -join ', ')."
}
if ($failed) {
    Write-Host "      Stopped: $($failed.Id) failed ($($failed.ErrorId)). Fix the cause, then run again$(if ($Resume) { '' } else { ' (with -Resume if it was interrupted)' })."
}
elseif ($failure -and -not $results) {
    throw $failure[0]
}

Write-Part 4 "Afterwards"
$after = Get-NubladoMigrationState @site
Write-Host "      $($after.State): $($after.Reason)"
$routes = @()
if ($Connection -and $Connection.HubUrl -and $Connection.GafaelfawrToken) {
    $routes = @(Test-HubRoute -Url $Connection.HubUrl -Token $Connection.GafaelfawrToken -Route /nb, /n2, /n3)
    foreach ($route in $routes) {
        Write-Host "      $($route.Route): $($route.State)$(if ($route.Version) { " (hub $($route.Version))" })"
    }
}

[pscustomobject]@{
    Environment    = $Environment
    Stage          = $Stage
    StateBefore    = "$($before.State)"
    StateAfter     = "$($after.State)"
    Results        = $results
    WaitingForGate = if ($waiting) { $waiting[0].Id } else { $null }
    Failed         = if ($failed) { $failed[0].Id } else { $null }
    Routes         = $routes
}
