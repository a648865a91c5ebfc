<#
.SYNOPSIS
    Runs a script in a fresh pwsh with a chosen working directory and environment, for tests that
    must not see the state of the test session (loaded modules, the current directory, HOME).
#>
Set-StrictMode -Version Latest

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
        Runs $Script in a new pwsh process and returns its exit code, standard output and standard error.
    .PARAMETER Environment
        Variables to set in the child; a $null value removes the variable.
    .PARAMETER TimeoutSeconds
        The child is killed (and an error thrown) if it has not finished by then, so a test can never hang.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string] $Script,
        [Parameter(Mandatory)][string] $WorkingDirectory,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )

    $start = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
    $prelude = "`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'; `$PSStyle.OutputRendering = 'PlainText'`n"
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($prelude + $Script))
    foreach ($argument in '-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded) {
        $start.ArgumentList.Add($argument)
    }

    $start.WorkingDirectory = $WorkingDirectory
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { [void]$start.Environment.Remove($name) }
        else { $start.Environment[$name] = [string]$Environment[$name] }
    }

    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "pwsh did not finish within $TimeoutSeconds s and was stopped."
        }

        $process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            StdOut   = $stdout.GetAwaiter().GetResult()
            StdErr   = $stderr.GetAwaiter().GetResult()
        }
    }
    finally {
        $process.Dispose()
    }
}

function New-ScratchDirectory {
    <# .SYNOPSIS Creates an empty, uniquely named folder under the temporary folder. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Prefix)
    $path = Join-Path ([IO.Path]::GetTempPath()) "$Prefix-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $path -Force
}

function Get-IsolatedEnvironment {
    <#
    .SYNOPSIS
        The environment of a child pwsh that must not touch the real profile: HOME points at $HomeDirectory,
        and PSModulePath and the XDG folders are unset so pwsh and PSResourceGet derive theirs from HOME.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $HomeDirectory)
    @{
        HOME            = $HomeDirectory
        PSModulePath    = $null
        XDG_DATA_HOME   = $null
        XDG_CONFIG_HOME = $null
        XDG_CACHE_HOME  = $null
    }
}

Export-ModuleMember -Function Invoke-FreshPwsh, New-ScratchDirectory, Get-IsolatedEnvironment
