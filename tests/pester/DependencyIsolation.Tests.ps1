# RspAdmin's engine and its third-party dependencies load into the module's own
# AssemblyLoadContext. These tests load a different YamlDotNet into the session first, as another
# module (powershell-yaml, say) would, and check that both keep working.
BeforeAll {
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    $script:otherYaml = Join-Path $env:RSPADMIN_ROOT 'tools/pester/packages/yamldotnet/16.3.0/lib/net8.0/YamlDotNet.dll'

    function Invoke-FreshPwsh([string] $Script) {
        $file = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-alc-$([guid]::NewGuid().ToString('n')).ps1"
        Set-Content -Path $file -Value $Script
        try {
            $output = & $script:pwsh -NoProfile -NonInteractive -File $file 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }
}

Describe 'Dependency isolation' {
    It 'has the other YamlDotNet version to test against' {
        $otherYaml | Should -Exist
        [Reflection.AssemblyName]::GetAssemblyName($otherYaml).Version.Major | Should -Be 16
    }

    It 'imports and runs after another YamlDotNet was loaded into the session' {
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$otherYaml'
`$before = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize([string]'answer: 42')
Import-Module '$env:RSPADMIN_MANIFEST'
`$tag = ConvertFrom-LabImageTag 'w_2022_40'
`$config = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-alc-`$PID.yaml"
Set-Content `$config "images:`n  source:`n    type: docker`n    registry: ghcr.io`n    repository: lsst-sqre/sciplat-lab`n  recommendedTag: recommended`n"
if (Get-Command Get-LabImageConfig -ErrorAction SilentlyContinue) { `$cfg = Get-LabImageConfig -Path `$config; 'config:' + `$cfg.RecommendedTag }
Remove-Item `$config
`$after = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize([string]'answer: 43')
'before:' + `$before['answer']
'after:' + `$after['answer']
'tag:' + `$tag.DisplayName
`$engine = `$tag.GetType().Assembly
'engine-context:' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).Name
`$yamls = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' }
'yaml-default:' + ((`$yamls | Where-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name -eq 'Default' }).GetName().Version.Major)
"@
        $result.Output | Should -Match 'before:42'
        $result.Output | Should -Match 'after:43'
        $result.Output | Should -Match 'tag:Weekly 2022_40'
        $result.Output | Should -Match 'engine-context:RspAdmin'
        $result.Output | Should -Match 'yaml-default:16'
        $result.Output | Should -Match 'config:recommended'
        $result.ExitCode | Should -Be 0
    }

    It 'does not put its dependencies in the default load context' {
        $result = Invoke-FreshPwsh @"
Import-Module '$env:RSPADMIN_MANIFEST'
`$null = ConvertFrom-LabImageTag 'w_2022_40'
`$config = Join-Path ([IO.Path]::GetTempPath()) "rspadmin-alc2-`$PID.yaml"
Set-Content `$config "images:`n  source:`n    type: docker`n    repository: lsst-sqre/sciplat-lab`n"
`$null = Get-LabImageConfig -Path `$config
Remove-Item `$config
[AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { `$_.GetName().Name -in 'RspAdmin.Core', 'YamlDotNet', 'KubernetesClient', 'Polly.Core' } |
    ForEach-Object { 'loaded:' + `$_.GetName().Name + '@' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
"@
        $result.Output | Should -Match 'loaded:RspAdmin.Core@RspAdmin'
        $result.Output | Should -Match 'loaded:YamlDotNet@RspAdmin'
        $result.Output | Should -Not -Match '@Default'
    }

    It 'keeps third-party libraries out of the cmdlet assembly''s references' {
        Import-Module $env:RSPADMIN_MANIFEST -Force
        $references = (Get-Module RspAdmin).ImplementingAssembly.GetReferencedAssemblies().Name
        $references | Should -Contain 'RspAdmin.Core'
        $references | Where-Object { $_ -notmatch '^(System|Microsoft|netstandard|RspAdmin\.Core$)' } | Should -BeNullOrEmpty
    }

    It 'ships the engine and its dependencies only under Dependencies/' {
        $moduleDir = Split-Path $env:RSPADMIN_MANIFEST
        (Get-ChildItem $moduleDir -Filter *.dll).Name | Should -Be @('RspAdmin.Cmdlets.dll')
        Join-Path $moduleDir 'Dependencies/RspAdmin.Core.dll' | Should -Exist
    }
}
