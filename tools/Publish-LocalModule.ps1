#Requires -Version 7.4
<#
.SYNOPSIS
    Publishes a staged module folder to a local PSResourceGet file repository.
.DESCRIPTION
    Registers a temporary repository pointing at RepositoryPath, publishes the module with
    Publish-PSResource, and unregisters the repository again. All of it runs in a child pwsh whose
    HOME is a scratch folder, so the caller's PSResourceGet settings (its registered repositories)
    are never read or changed. Publish-PSResource validates the manifest with Test-ModuleManifest;
    publishing a version that is already in the repository replaces its package.
.PARAMETER ModuleDirectory
    The folder that holds the module's manifest, e.g. out/RspAdmin/0.1.0.
.PARAMETER RepositoryPath
    The folder the .nupkg is written to; created if missing.
.OUTPUTS
    System.IO.FileInfo. The package written.
.EXAMPLE
    ./tools/Publish-LocalModule.ps1 -ModuleDirectory out/RspAdmin/0.1.0 -RepositoryPath out/repo
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)][string] $ModuleDirectory,
    [Parameter(Mandatory)][string] $RepositoryPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$moduleDirectory = (Resolve-Path -LiteralPath $ModuleDirectory).ProviderPath
$manifests = @(Get-ChildItem -LiteralPath $moduleDirectory -Filter '*.psd1' -File)
if ($manifests.Count -ne 1) {
    throw "Publish.NoManifest: '$moduleDirectory' should hold exactly one module manifest (.psd1); it holds $($manifests.Count)."
}

$moduleName = $manifests[0].BaseName
$version = (Import-PowerShellDataFile -LiteralPath $manifests[0].FullName).ModuleVersion
$repository = (New-Item -ItemType Directory -Force -Path $RepositoryPath).FullName

$scratch = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-publish-$([guid]::NewGuid().ToString('N'))"
try {
    # PSResourceGet takes the module name from the folder, so publish from a folder named after it.
    $source = Join-Path $scratch $moduleName
    $scratchHome = New-Item -ItemType Directory -Force -Path (Join-Path $scratch 'home')
    New-Item -ItemType Directory -Force -Path $source | Out-Null
    Copy-Item -Path (Join-Path $moduleDirectory '*') -Destination $source -Recurse

    $repositoryName = "RspAdminLocal$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script = @'
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Register-PSResourceRepository -Name $env:RSPADMIN_PUBLISH_REPOSITORY_NAME -Uri $env:RSPADMIN_PUBLISH_REPOSITORY -Trusted
try {
    Publish-PSResource -Path $env:RSPADMIN_PUBLISH_SOURCE -Repository $env:RSPADMIN_PUBLISH_REPOSITORY_NAME
}
finally {
    Unregister-PSResourceRepository -Name $env:RSPADMIN_PUBLISH_REPOSITORY_NAME
}
'@
    $start = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
    foreach ($argument in '-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))) {
        $start.ArgumentList.Add($argument)
    }

    $start.UseShellExecute = $false
    $start.WorkingDirectory = $scratch
    # HOME decides where PSResourceGet keeps its settings; the XDG variables would override it.
    $start.Environment['HOME'] = $scratchHome.FullName
    foreach ($name in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'PSModulePath') { [void]$start.Environment.Remove($name) }
    $start.Environment['RSPADMIN_PUBLISH_REPOSITORY_NAME'] = $repositoryName
    $start.Environment['RSPADMIN_PUBLISH_REPOSITORY'] = $repository
    $start.Environment['RSPADMIN_PUBLISH_SOURCE'] = $source

    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) {
            throw "Publish.Failed: publishing $moduleName $version to '$repository' failed (exit code $($process.ExitCode))."
        }
    }
    finally {
        $process.Dispose()
    }
}
finally {
    Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction SilentlyContinue
}

$package = Join-Path $repository "$moduleName.$version.nupkg"
if (-not (Test-Path -LiteralPath $package)) {
    throw "Publish.NoPackage: Publish-PSResource reported success, but '$package' was not written."
}

Write-Host "Published $moduleName $version to $package"
Get-Item -LiteralPath $package
