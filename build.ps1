#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, stages, documents, tests, demonstrates, benchmarks and packages the RspAdmin module.
.DESCRIPTION
    Called by build.sh, which first restores the pinned pwsh tool. Tasks:
      build    compile the solution and stage the module to out/RspAdmin/<version>/
      help     stage, compiling docs/help to MAML, then check every page and run every example
               (tests/pester/Help*.Tests.ps1); prints "N passed, N failed, N skipped"
      test     stage, then run every xunit test and each Pester file in a fresh pwsh; lists each
               skipped test with its reason and ends with "N passed, N failed, N skipped"
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
    # Dependencies/ (loaded into the module's own load context), the sandbox in Sandbox/, the runbooks
    # in Runbooks/, manifest, formats, help, licence.
    Write-Host "Staging the module to $StageDir"
    $publishDir = Join-Path $OutRoot "publish/core"
    if (Test-Path $publishDir) { Remove-Item $publishDir -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/RspAdmin.Core/RspAdmin.Core.csproj'), '-c', $Configuration, '--no-build', '--nologo', '-v', 'quiet', '-o', $publishDir)

    if (Test-Path $StageDir) { Remove-Item $StageDir -Recurse -Force }
    $deps = New-Item -ItemType Directory -Force (Join-Path $StageDir 'Dependencies')
    $cmdletBin = Join-Path $Root "src/RspAdmin.Cmdlets/bin/$Configuration/net8.0"
    Copy-Item (Join-Path $cmdletBin 'RspAdmin.Cmdlets.dll') $StageDir
    Get-ChildItem $publishDir -Filter '*.dll' | Copy-Item -Destination $deps
    Copy-Item (Join-Path $Root 'module/*.Format.ps1xml') $StageDir
    # The binderhub-service chart's schema and defaults (embedded in the engine too), with their source and licence.
    $chart = New-Item -ItemType Directory -Force (Join-Path $StageDir 'binderhub-service-chart')
    Copy-Item (Join-Path $Root 'src/RspAdmin.Core/BinderHub/Chart/*') $chart
    Copy-Item (Join-Path $Root 'LICENSE') $StageDir

    # The rehearsal cluster, framework-dependent for the net10.0 runtime pwsh 7.6 runs on, with its
    # scenarios: Start-LabSandbox finds it in Sandbox/ of the installed module.
    $sandboxDir = Join-Path $StageDir 'Sandbox'
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/RspAdmin.Sandbox/RspAdmin.Sandbox.csproj'), '-c', $Configuration, '--no-build', '--nologo', '-v', 'quiet', '-o', $sandboxDir)
    Get-ChildItem $sandboxDir -Recurse -File -Include '*.pdb', 'RspAdmin.Sandbox.xml', 'web.config' | Remove-Item
    Copy-Item (Join-Path $Root 'src/RspAdmin.Sandbox/README.md') $sandboxDir

    # The runbooks, run from the installed module as & "$((Get-Module RspAdmin -ListAvailable)[0].ModuleBase)/Runbooks/<name>.ps1".
    $runbooks = New-Item -ItemType Directory -Force (Join-Path $StageDir 'Runbooks')
    Copy-Item (Join-Path $Root 'scripts/runbooks/*.ps1') $runbooks

    $manifest = (Get-Content -Raw (Join-Path $Root 'module/RspAdmin.psd1')).Replace('{{ModuleVersion}}', $Version).
        Replace('{{ReleaseNotes}}', (Get-ReleaseNote).Replace("'", "''"))
    Set-Content -Path $ManifestPath -Value $manifest -NoNewline -Encoding utf8NoBOM
    Invoke-Help
}

function Get-ReleaseNote {
    # The CHANGELOG.md section of this version (its text under '## <version>'), for the manifest's ReleaseNotes.
    $lines = Get-Content (Join-Path $Root 'CHANGELOG.md')
    $start = [array]::IndexOf($lines, "## $Version")
    if ($start -lt 0) { throw "CHANGELOG.md has no '## $Version' section; add one before building $Version." }
    $section = for ($i = $start + 1; $i -lt $lines.Count -and $lines[$i] -notmatch '^## '; $i++) { $lines[$i] }
    $text = ($section -join "`n").Trim()
    if (-not $text) { throw "The '## $Version' section of CHANGELOG.md is empty." }
    return $text
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
    # Passed, failed and skipped xunit tests of every .trx under $Directory, with the reason of each skip.
    param([string] $Directory)
    $passed = 0; $failed = 0; $skips = [System.Collections.Generic.List[object]]::new()
    foreach ($file in Get-ChildItem $Directory -Filter '*.trx' -Recurse -ErrorAction SilentlyContinue) {
        $xml = [xml](Get-Content -Raw -LiteralPath $file.FullName)
        $counters = $xml.TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        foreach ($result in $xml.GetElementsByTagName('UnitTestResult')) {
            if ($result.GetAttribute('outcome') -ne 'NotExecuted') { continue }
            # xunit's skip reason: the error message, or the standard output, of the result.
            $reason = @($result.GetElementsByTagName('Message')) + @($result.GetElementsByTagName('StdOut')) |
                Where-Object { $_ -and $_.InnerText } | Select-Object -First 1 | ForEach-Object InnerText
            $skips.Add([pscustomobject]@{ Name = $result.GetAttribute('testName'); Reason = $reason })
        }
    }
    return [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skips.Count; Skips = $skips }
}

function Get-PesterFile {
    # The Pester files to run: each *.Tests.ps1 under the given folders (so a new file is picked up
    # without being listed anywhere), or the given files.
    param([string[]] $Path)
    # build.sh passes '-PesterPath a,b' as one string.
    foreach ($item in @($Path -split ',' | Where-Object { $_ })) {
        $full = Resolve-Path -LiteralPath $item -ErrorAction Stop
        if (Test-Path -LiteralPath $full -PathType Container) {
            Get-ChildItem -LiteralPath $full -Filter '*.Tests.ps1' -Recurse -File | Sort-Object FullName | ForEach-Object FullName
        }
        else { $full.ProviderPath }
    }
}

function Invoke-PesterFiles {
    # Runs each Pester file in a fresh pwsh (so no module, variable or HOME of one file reaches the
    # next) and adds up their counts.
    param([string[]] $Files, [string] $Results)
    $pester = Restore-Pester
    $runner = Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1'
    $env:RSPADMIN_MANIFEST = $ManifestPath
    $env:RSPADMIN_ROOT = $Root
    $passed = 0; $failed = 0; $skips = [System.Collections.Generic.List[object]]::new()
    foreach ($file in $Files) {
        $name = [IO.Path]::GetFileNameWithoutExtension($file) -replace '\.Tests$', ''
        $summary = Join-Path $Results "pester-$name.json"
        & (Join-Path $PSHOME 'pwsh') -NoLogo -NoProfile -NonInteractive -File $runner `
            -PesterManifest $pester -Path $file -SummaryPath $summary -ResultPath (Join-Path $Results "pester-$name.xml") | Out-Host
        if (Test-Path $summary) {
            $p = Get-Content -Raw $summary | ConvertFrom-Json
            $passed += $p.Passed; $failed += $p.Failed
            foreach ($skip in @($p.Skips)) { if ($skip) { $skips.Add($skip) } }
        }
        else {
            $failed += 1
            Write-Host "Pester: $name did not complete"
        }
    }
    return [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skips.Count; Skips = $skips }
}

function Invoke-Test {
    $results = Join-Path $OutRoot 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force $results | Out-Null
    $passed = 0; $failed = 0; $skips = [System.Collections.Generic.List[object]]::new()

    if (-not $SkipXunit) {
        Write-Host "`n=== xunit ==="
        & dotnet test (Join-Path $Root 'RspAdmin.sln') -c $Configuration --no-build --nologo `
            --results-directory (Join-Path $results 'xunit') --logger 'trx' --logger 'console;verbosity=minimal' | Out-Host
        $xunitExit = $LASTEXITCODE
        $x = Get-TrxCounts (Join-Path $results 'xunit')
        if ($xunitExit -ne 0 -and $x.Failed -eq 0) { $x.Failed = 1 } # a crashed test host counts as a failure
        $passed += $x.Passed; $failed += $x.Failed
        foreach ($skip in $x.Skips) { $skips.Add($skip) }
        Write-Host "xunit: $($x.Passed) passed, $($x.Failed) failed, $($x.Skipped) skipped"
    }

    if (-not $SkipPester) {
        Write-Host "`n=== Pester ==="
        $paths = if ($PesterPath) { $PesterPath } else { @(Join-Path $Root 'tests/pester') }
        $p = Invoke-PesterFiles -Files @(Get-PesterFile $paths) -Results $results
        $passed += $p.Passed; $failed += $p.Failed
        foreach ($skip in $p.Skips) { $skips.Add($skip) }
        Write-Host "Pester: $($p.Passed) passed, $($p.Failed) failed, $($p.Skipped) skipped"
    }

    Write-Host ''
    if ($skips.Count -gt 0) {
        Write-Host "Skipped ($($skips.Count)):"
        foreach ($skip in $skips) {
            $reason = if ([string]::IsNullOrWhiteSpace($skip.Reason)) { '(no reason given)' } else { ($skip.Reason -replace '\s+', ' ').Trim() }
            Write-Host "  $($skip.Name): $reason"
        }
    }
    Write-Host "$passed passed, $failed failed, $($skips.Count) skipped"
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
    'help' {
        Invoke-Build; Invoke-Stage
        $SkipXunit = $true
        $PesterPath = @(Get-ChildItem (Join-Path $Root 'tests/pester') -Filter 'Help*.Tests.ps1' | ForEach-Object FullName)
        Invoke-Test
    }
    'test' { Invoke-Build; Invoke-Stage; Invoke-Test }
    'demo' { Invoke-Build; Invoke-Stage; Invoke-Demo }
    'bench' { Invoke-Build; Invoke-Stage; Invoke-Bench }
    'package' { Invoke-Build; Invoke-Stage; Invoke-Package }
}
