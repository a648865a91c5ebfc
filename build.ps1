#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, stages, documents, tests, demonstrates, benchmarks and packages the RspAdmin module.
.DESCRIPTION
    Called by build.sh, which first restores the pinned pwsh tool. Tasks:
      build    compile the solution and stage the module to out/RspAdmin/<version>/
      help     stage, including the MAML help compiled from docs/help
      test     stage, then run every xunit and Pester test; prints "N passed, N failed"
      demo     stage, import the module and show the built-in local demo
      bench    stage, then run the benchmarks under bench/
      package  stage, then publish the module to a local PSResourceGet repository under out/repo
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'help', 'test', 'demo', 'bench', 'package', 'clean')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester files or folders to run instead of the whole suite (test task only).
    [string[]] $PesterPath,

    # Run only the Pester suite (test task only).
    [switch] $SkipXunit,

    # Run only the xunit suite (test task only).
    [switch] $SkipPester
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
$Root = $PSScriptRoot
Set-Location $Root

function Get-ModuleVersion {
    $xml = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    $node = $xml.Project.PropertyGroup | Where-Object { $_['RspAdminVersion'] } | Select-Object -First 1
    return $node['RspAdminVersion'].InnerText
}

$Version = Get-ModuleVersion
$OutRoot = Join-Path $Root 'out'
$StageDir = Join-Path $OutRoot "RspAdmin/$Version"
$ManifestPath = Join-Path $StageDir 'RspAdmin.psd1'

function Invoke-Native {
    param([Parameter(Mandatory)][string] $FilePath, [Parameter(Mandatory)][string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Write-Host "Building RspAdmin $Version ($Configuration)..."
    Invoke-Native dotnet @('build', (Join-Path $Root 'RspAdmin.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:NoSummary')
}

function Invoke-Stage {
    # An allow-list of what ships: the cmdlet assembly at the root, the engine and its dependencies in
    # Dependencies/ (loaded into the module's own load context), manifest, formats, help, licence.
    Write-Host "Staging the module to $StageDir"
    $publishDir = Join-Path $OutRoot "publish/core"
    if (Test-Path $publishDir) { Remove-Item $publishDir -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/RspAdmin.Core/RspAdmin.Core.csproj'), '-c', $Configuration, '--no-build', '--nologo', '-v', 'quiet', '-o', $publishDir)

    if (Test-Path $StageDir) { Remove-Item $StageDir -Recurse -Force }
    $deps = New-Item -ItemType Directory -Force (Join-Path $StageDir 'Dependencies')
    $cmdletBin = Join-Path $Root "src/RspAdmin.Cmdlets/bin/$Configuration/net8.0"
    Copy-Item (Join-Path $cmdletBin 'RspAdmin.Cmdlets.dll') $StageDir
    Get-ChildItem $publishDir -Filter '*.dll' | Copy-Item -Destination $deps
    Get-ChildItem (Join-Path $Root 'module') -Filter '*.Format.ps1xml' | Copy-Item -Destination $StageDir
    Copy-Item (Join-Path $Root 'LICENSE') $StageDir
    $manifest = (Get-Content -Raw (Join-Path $Root 'module/RspAdmin.psd1')).Replace('{{ModuleVersion}}', $Version)
    Set-Content -Path $ManifestPath -Value $manifest -NoNewline -Encoding utf8NoBOM
    Invoke-Help
}

function Invoke-Help {
    $builder = Join-Path $Root 'tools/RspAdmin.HelpBuilder/RspAdmin.HelpBuilder.csproj'
    if (-not (Test-Path $builder)) { return }
    $helpDir = New-Item -ItemType Directory -Force (Join-Path $StageDir 'en-US')
    Invoke-Native dotnet @('run', '--project', $builder, '-c', $Configuration, '--no-build', '--',
        '--input', (Join-Path $Root 'docs/help'), '--output', $helpDir.FullName, '--assembly', 'RspAdmin.Cmdlets.dll')
}

function Restore-Pester {
    $project = Join-Path $Root 'tools/pester/Pester.Download.csproj'
    Invoke-Native dotnet @('restore', $project, '--nologo', '-v', 'quiet')
    $pester = Join-Path $Root 'tools/pester/packages/pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester was not restored to $pester" }
    return $pester
}

function Get-TrxCounts {
    param([string] $Directory)
    $passed = 0; $failed = 0
    foreach ($file in Get-ChildItem $Directory -Filter '*.trx' -Recurse -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -Raw -LiteralPath $file.FullName)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    return [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-Test {
    $results = Join-Path $OutRoot 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force $results | Out-Null
    $passed = 0; $failed = 0

    if (-not $SkipXunit) {
        Write-Host "`n=== xunit ==="
        & dotnet test (Join-Path $Root 'RspAdmin.sln') -c $Configuration --no-build --nologo `
            --results-directory (Join-Path $results 'xunit') --logger 'trx' --logger 'console;verbosity=minimal'
        $xunitExit = $LASTEXITCODE
        $x = Get-TrxCounts (Join-Path $results 'xunit')
        if ($xunitExit -ne 0 -and $x.Failed -eq 0) { $x.Failed = 1 } # a crashed test host counts as a failure
        $passed += $x.Passed; $failed += $x.Failed
        Write-Host "xunit: $($x.Passed) passed, $($x.Failed) failed"
    }

    if (-not $SkipPester) {
        Write-Host "`n=== Pester ==="
        $pester = Restore-Pester
        $summary = Join-Path $results 'pester-summary.json'
        $paths = if ($PesterPath) { $PesterPath } else { @(Join-Path $Root 'tests/pester') }
        $runner = Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1'
        # A fresh pwsh per suite, with HOME pointed at a scratch folder so nothing touches the user's profile.
        $env:RSPADMIN_MANIFEST = $ManifestPath
        $env:RSPADMIN_ROOT = $Root
        & (Join-Path $PSHOME 'pwsh') -NoLogo -NoProfile -NonInteractive -File $runner `
            -PesterManifest $pester -Path $paths -SummaryPath $summary -ResultPath (Join-Path $results 'pester.xml')
        if (Test-Path $summary) {
            $p = Get-Content -Raw $summary | ConvertFrom-Json
            $passed += $p.Passed; $failed += $p.Failed
            Write-Host "Pester: $($p.Passed) passed, $($p.Failed) failed"
        }
        else {
            $failed += 1
            Write-Host 'Pester: the run did not complete'
        }
    }

    Write-Host ''
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    & (Join-Path $PSHOME 'pwsh') -NoLogo -NoProfile -NonInteractive -File (Join-Path $Root 'scripts/Show-Demo.ps1') -ManifestPath $ManifestPath
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Bench {
    & (Join-Path $PSHOME 'pwsh') -NoLogo -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -ManifestPath $ManifestPath
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Package {
    $repo = Join-Path $OutRoot 'repo'
    New-Item -ItemType Directory -Force $repo | Out-Null
    & (Join-Path $Root 'tools/Publish-LocalModule.ps1') -ModuleDirectory $StageDir -RepositoryPath $repo
}

switch ($Task) {
    'clean' { Remove-Item $OutRoot -Recurse -Force -ErrorAction SilentlyContinue }
    'build' { Invoke-Build; Invoke-Stage }
    'help' { Invoke-Build; Invoke-Stage }
    'test' { Invoke-Build; Invoke-Stage; Invoke-Test }
    'demo' { Invoke-Build; Invoke-Stage; Invoke-Demo }
    'bench' { Invoke-Build; Invoke-Stage; Invoke-Bench }
    'package' { Invoke-Build; Invoke-Stage; Invoke-Package }
}
