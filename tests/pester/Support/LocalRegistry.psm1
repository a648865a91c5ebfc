# Starts and stops the project's local registry tool (Debian's docker-registry on 127.0.0.1, seeded
# with a lab repository) for Pester tests and help examples.

function Start-TestRegistry {
    <#
    .SYNOPSIS
        Starts tools/RspAdmin.LocalRegistry and returns its READY fields (Registry, Repository, ...), or
        $null with a Reason when docker-registry is missing or the registry cannot start.
    #>
    param(
        [ValidateSet('none', 'basic', 'token')] [string] $Auth = 'none',
        [int] $Tags = 0,
        [switch] $Example,
        [int] $Port = 0,
        [int] $TimeoutSeconds = 60
    )
    if (-not (Get-Command docker-registry -ErrorAction SilentlyContinue)) {
        return [pscustomobject]@{ Started = $false; Reason = 'docker-registry is not installed (Debian package docker-registry)' }
    }

    $dll = Get-ChildItem (Join-Path $env:RSPADMIN_ROOT 'tools/RspAdmin.LocalRegistry/bin') -Recurse -Filter 'RspAdmin.LocalRegistry.dll' |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $dll) {
        return [pscustomobject]@{ Started = $false; Reason = 'tools/RspAdmin.LocalRegistry is not built' }
    }

    $arguments = @($dll.FullName, '--auth', $Auth, '--ignore-stdin')
    if ($Example) { $arguments += @('--plan', 'example') }
    elseif ($Tags -gt 0) { $arguments += @('--tags', "$Tags") }
    if ($Port -gt 0) { $arguments += @('--port', "$Port") }

    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $errors = $process.StandardError.ReadToEndAsync()
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or -not $line.Result -or -not $line.Result.StartsWith('READY ')) {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.WaitForExit(5000) | Out-Null
        return [pscustomobject]@{ Started = $false; Reason = "the local registry did not start: $($errors.Result)" }
    }

    $fields = @{ Started = $true; Process = $process }
    foreach ($pair in $line.Result.Substring(6).Split(' ', [StringSplitOptions]::RemoveEmptyEntries)) {
        $key, $value = $pair.Split('=', 2)
        $name = (Get-Culture).TextInfo.ToTitleCase($key) -replace '-', ''
        $fields[$name] = $value
    }
    return [pscustomobject]$fields
}

function Stop-TestRegistry {
    param([Parameter(ValueFromPipeline)] $Registry)
    process {
        if ($Registry -and $Registry.Started -and -not $Registry.Process.HasExited) {
            # SIGTERM lets the tool stop docker-registry and remove its files.
            & kill -TERM $Registry.Process.Id 2>$null
            if (-not $Registry.Process.WaitForExit(15000)) { $Registry.Process.Kill($true) }
        }
    }
}

Export-ModuleMember -Function Start-TestRegistry, Stop-TestRegistry
