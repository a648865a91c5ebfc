<#
.SYNOPSIS
    Starts and stops tools/RspAdmin.LocalRegistry (a seeded Debian docker-registry on loopback) for tests and
    scripts: one READY line gives the address, the repository and the weekly recommended names.
#>
Set-StrictMode -Version Latest

function Find-LocalRegistryTool {
    <#
    .SYNOPSIS
        The path of the built RspAdmin.LocalRegistry.dll (the newest of the Release and Debug builds), or $null.
    #>
    param([Parameter(Mandatory)][string] $Root)
    @('Release', 'Debug') |
        ForEach-Object { Join-Path $Root "tools/RspAdmin.LocalRegistry/bin/$_/net10.0/RspAdmin.LocalRegistry.dll" } |
        Where-Object { Test-Path $_ } |
        Sort-Object { (Get-Item $_).LastWriteTimeUtc } -Descending |
        Select-Object -First 1
}

function Start-LocalRegistry {
    <#
    .SYNOPSIS
        Starts the seeded registry and returns Process, Registry, Repository, RecommendedTarget, Tags and, with
        authentication, Username and Password. It runs until
        Stop-LocalRegistry closes its standard input; it is killed if it does not print READY within the time-out.
    #>
    param(
        [Parameter(Mandatory)][string] $Root,
        [int] $Tags = 60,
        # The small documented repository of the help examples instead of a generated one.
        [switch] $Example,
        [ValidateSet('none', 'basic', 'token')][string] $Auth = 'none',
        # A fixed port on 127.0.0.1 (0: a free one).
        [int] $Port = 0,
        [int] $TimeoutSeconds = 90
    )

    if (-not (Get-Command docker-registry -ErrorAction SilentlyContinue)) {
        throw 'docker-registry is not installed (Debian package docker-registry).'
    }

    $tool = Find-LocalRegistryTool -Root $Root
    if (-not $tool) { throw "RspAdmin.LocalRegistry is not built under $Root/tools/RspAdmin.LocalRegistry/bin (run ./build.sh build)." }
    $arguments = @($tool, '--auth', $Auth)
    $arguments += if ($Example) { @('--plan', 'example') } else { @('--tags', [string]$Tags) }
    if ($Port -gt 0) { $arguments += @('--port', [string]$Port) }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $stderr = $process.StandardError.ReadToEndAsync()
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or -not $line.Result -or -not $line.Result.StartsWith('READY ')) {
        $process.Kill($true)
        $process.WaitForExit(10000) | Out-Null
        throw "The local registry did not start: $($line.Status) $(if ($stderr.IsCompleted) { $stderr.Result })"
    }

    $fields = @{}
    foreach ($pair in $line.Result.Substring(6) -split ' ') {
        $key, $value = $pair -split '=', 2
        $fields[$key] = $value
    }

    [pscustomobject]@{
        Process           = $process
        Registry          = $fields['registry']
        Repository        = $fields['repository']
        RecommendedTarget = $fields['recommended-target']
        Tags              = [int]$fields['tags']
        Username          = $fields['username']
        Password          = $fields['password']
    }
}

function Stop-LocalRegistry {
    <#
    .SYNOPSIS
        Stops a registry from Start-LocalRegistry (closing its standard input, then killing it if needed).
    #>
    param([Parameter(Mandatory, ValueFromPipeline)][AllowNull()] $Registry)
    if (-not $Registry -or -not $Registry.PSObject.Properties['Process']) { return }
    $process = $Registry.Process
    if ($process.HasExited) { return }
    $process.StandardInput.Close()
    if (-not $process.WaitForExit(15000)) {
        $process.Kill($true)
        $process.WaitForExit(10000) | Out-Null
    }
}

Export-ModuleMember -Function Find-LocalRegistryTool, Start-LocalRegistry, Stop-LocalRegistry
