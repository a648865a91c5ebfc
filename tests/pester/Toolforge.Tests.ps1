# The Toolforge image catalog cmdlets: files of the project's own, and end to end on the sandbox's
# Toolforge scenario (ConfigMap tf-public/image-config, tool namespaces with workloads, Harbor under /harbor).
BeforeDiscovery {
    $script:HaveRegistry = [bool](Get-Command docker-registry -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    $PSStyle.OutputRendering = 'PlainText'
    $ProgressPreference = 'SilentlyContinue'
    $script:Sample = Join-Path $env:RSPADMIN_ROOT 'tests/data/toolforge/images-v1.yaml'
    $script:Scenario = Join-Path $env:RSPADMIN_ROOT 'src/RspAdmin.Sandbox/scenarios/toolforge.yaml'
}

Describe 'Toolforge catalog files' {
    It 'reads a catalog with its entries in file order and their positions' {
        $config = Get-ToolforgeImageConfig -Path $Sample
        $config.Generation | Should -Be 3
        $config.Entries.Name | Should -Be @('bookworm', 'jdk21', 'node18', 'node20', 'php8.2', 'python3.9', 'python3.11')
        $config.Entries[1].Line | Should -Be 19
        $config.ResourceVersion | Should -BeNullOrEmpty
    }

    It 'resolves aliases and URLs from the pipeline, warns for deprecated images and never fails on unknown ones' {
        $images = 'tf-node20', 'docker-registry.svc.toolforge.org/toolforge-python39-sssd-base:latest', 'no-such-image', '' |
            Resolve-ToolforgeImage -Path $Sample -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop
        $images.ShortName | Should -Be @('node20', 'python3.9', 'no-such-image', '')
        $images.Exists | Should -Be @($true, $true, $false, $false)
        $images[2].State | Should -BeExactly 'unknown'
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match "'python3\.9'.*deprecated"
    }

    It 'binds image URLs by property name' {
        $pods = [pscustomobject]@{ Image = 'docker-registry.svc.toolforge.org/toolforge-jdk21-sssd-base:latest' }
        ($pods | Resolve-ToolforgeImage -Path $Sample).ShortName | Should -BeExactly 'jdk21'
    }

    It 'lists stable entries by name, never aliases' {
        (Get-ToolforgeImage -Path $Sample).ShortName | Should -Be @('bookworm', 'jdk21', 'node20', 'php8.2', 'python3.11')
        (Get-ToolforgeImage -Path $Sample -IncludeDeprecated).ShortName | Should -Contain 'node18'
    }

    It 'exports resolutions readably to CSV and JSON' {
        $image = Resolve-ToolforgeImage -Path $Sample tf-php82
        ($image | ConvertTo-Csv | ConvertFrom-Csv).Aliases | Should -BeExactly 'tf-php82, toolforge-php82, toolforge-php82-sssd-base, toolforge-php82-sssd-web'
        ($image | Select-Object ShortName, Aliases | ConvertTo-Json | ConvertFrom-Json).Aliases.Count | Should -Be 4
    }

    It 'reports findings with line and column' {
        $path = Join-Path $TestDrive 'conflict.yaml'
        Set-Content -Path $path -Value (Get-Content -Raw $Sample).Replace('    - tf-node20', "    - tf-node20`n    - tf-node18")
        $findings = @(Test-ToolforgeImageConfig -Path $path)
        $findings.Count | Should -Be 1
        $findings[0].Code | Should -BeExactly 'Toolforge.NameConflict'
        $findings[0].Winner | Should -BeExactly 'node18'
        $findings[0].Line | Should -Be 51
        Test-ToolforgeImageConfig -Path $path -Quiet | Should -BeFalse
        Test-ToolforgeImageConfig -Path $Sample -Quiet | Should -BeTrue
    }

    It 'reports a YAML error as a finding with its position' {
        $path = Join-Path $TestDrive 'broken.yaml'
        Set-Content -Path $path -Value "node20:`n  image: [a`n"
        $finding = Test-ToolforgeImageConfig -Path $path
        $finding.Code | Should -BeExactly 'Toolforge.ConfigInvalid'
        $finding.Line | Should -BeGreaterThan 0
    }

    It 'refuses bad catalogs with Toolforge error IDs and no stack trace' -TestCases @(
        @{ Text = "- a`n- b`n"; Id = 'Toolforge.ConfigInvalid' }
        @{ Text = "just text`n"; Id = 'Toolforge.ConfigNotMapping' }
        @{ Text = "node20:`n  - image: x.y/z`n"; Id = 'Toolforge.ConfigInvalid' }
        @{ Text = "node20: {image: [`n"; Id = 'Toolforge.ConfigInvalid' }
        @{ Text = "kind: ConfigMap`ndata:`n  other: x`n"; Id = 'Toolforge.KeyMissing' }
    ) {
        param($Text, $Id)
        $path = Join-Path $TestDrive 'bad.yaml'
        Set-Content -Path $path -Value $Text
        $err = { Get-ToolforgeImageConfig -Path $path } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $err.Exception.Message | Should -Not -Match '   at '
    }

    It 'edits a file entry surgically, keeping comments, and shows the diff under -WhatIf without writing' {
        $path = Join-Path $TestDrive 'images-v1.yaml'
        Copy-Item $Sample $path
        $before = Get-Content -Raw $path
        Set-ToolforgeImageConfig node20 -State deprecated -Path $path -WhatIf -Verbose 4>&1 | Out-String | Should -Match '(?m)^-  state: stable'
        Get-Content -Raw $path | Should -BeExactly $before
        Set-ToolforgeImageConfig node20 -State deprecated -Alias tf-node20-DEPRECATED -Path $path -Confirm:$false
        $after = Get-Content -Raw $path
        $after | Should -Match 'state: deprecated  # replaced by node20'
        (Resolve-ToolforgeImage -Path $path tf-node20-DEPRECATED -WarningAction SilentlyContinue).ShortName | Should -BeExactly 'node20'
    }

    It 'refuses an edit that validation rejects and writes nothing' {
        $path = Join-Path $TestDrive 'images-v1.yaml'
        Copy-Item $Sample $path -Force
        $err = { Set-ToolforgeImageConfig node20 -Alias tf-node18 -Path $path -Confirm:$false } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Toolforge.ValidationFailed,*'
        Get-Content -Raw $path | Should -BeExactly (Get-Content -Raw $Sample)
    }
}

Describe 'Toolforge on the sandbox' -Skip:(-not $HaveRegistry) {
    BeforeAll {
        $script:Sandbox = Start-LabSandbox -Scenario $Scenario
        $script:K = @{ Kubeconfig = $Sandbox.KubeconfigPath }
        $script:Harbor = "$($Sandbox.ApiAddress)/harbor"
        function script:Get-ConfigMap {
            Invoke-RestMethod "$($Sandbox.ApiAddress)/api/v1/namespaces/tf-public/configmaps/image-config"
        }
    }

    AfterAll {
        if ($script:Sandbox) { $script:Sandbox | Stop-LabSandbox }
    }

    It 'has no catalog until one is published' {
        $err = { Get-ToolforgeImageConfig @K } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Toolforge.ConfigMapNotFound,*'
    }

    It 'publishes a catalog file to the ConfigMap' {
        $config = Set-ToolforgeImageConfig -FromPath $Sample @K -Confirm:$false -PassThru
        $config.Entries.Count | Should -Be 7
        $config.ResourceVersion | Should -Not -BeNullOrEmpty
        (Get-ConfigMap).data.'images-v1.yaml' | Should -BeExactly (Get-Content -Raw $Sample)
    }

    It 'reads it back with its resourceVersion' {
        $config = Get-ToolforgeImageConfig @K
        $config.ResourceVersion | Should -BeExactly (Get-ConfigMap).metadata.resourceVersion
        $config.Source | Should -Match '^configmap tf-public/image-config on '
    }

    It 'resolves names and URLs against the ConfigMap' {
        $images = 'tf-python311', 'toolforge-bookworm-sssd', 'python3.9' | Resolve-ToolforgeImage @K -WarningAction SilentlyContinue
        $images.ShortName | Should -Be @('python3.11', 'bookworm', 'python3.9')
        $images[1].Url | Should -BeExactly 'docker-registry.svc.toolforge.org/toolforge-bookworm-web-sssd:latest'
    }

    It 'resolves and lists build-service images through the sandbox Harbor' {
        $harborHost = ([uri]$Sandbox.ApiAddress).Authority
        $image = Resolve-ToolforgeImage 'tool-alpha/web:v2' @K -Harbor $Harbor
        $image.Exists | Should -BeTrue
        $image.Type | Should -BeExactly 'buildservice'
        $image.Host | Should -BeExactly $harborHost
        $image.Aliases[0] | Should -Match '^tool-alpha/web:v2@sha256:[0-9a-f]{64}$'
        $pinned = Resolve-ToolforgeImage $image.Aliases[0] @K -Harbor $Harbor
        $pinned.ShortName | Should -BeExactly $image.Aliases[0]
        (Resolve-ToolforgeImage 'tool-alpha/web:v3' @K -Harbor $Harbor).Exists | Should -BeFalse
        $listed = (Get-ToolforgeImage alpha @K -Harbor $Harbor).ShortName
        $listed | Should -Contain 'tool-alpha/web:latest'
        $listed | Should -Contain 'tool-alpha/web:v2'
        $listed | Should -Not -Contain 'node18'
    }

    It 'maps running workloads of tool namespaces to entries with counts per entry and state' {
        $summary = @(Get-ToolforgeImageUsage @K)
        $node18 = $summary | Where-Object ShortName -eq 'node18'
        $node18.State | Should -BeExactly 'deprecated'
        $node18.Pods | Should -Be 2
        $node18.Deployments | Should -Be 1
        $node18.Tools.ToString() | Should -BeExactly 'alpha, beta'
        ($summary | Where-Object ShortName -eq 'python3.9').CronJobs | Should -Be 1
        ($summary | Where-Object { -not $_.Exists }).ShortName | Should -BeExactly 'toolforge-python37-sssd-base:latest'
        $summary[0].State | Should -BeExactly 'deprecated'
        $detail = @(Get-ToolforgeImageUsage @K -Detailed -Namespace tool-gamma)
        $detail.Container | Should -Be @('webservice', 'sidecar', 'job')
        $detail.ShortName | Should -Be @('python3.11', 'bookworm', 'toolforge-python37-sssd-base:latest')
    }

    It 'shows the diff under -WhatIf and writes nothing' {
        $version = (Get-ConfigMap).metadata.resourceVersion
        $out = Set-ToolforgeImageConfig node22 -Image docker-registry.svc.toolforge.org/toolforge-node22-sssd-web -State stable -Alias tf-node22 @K -WhatIf -Verbose 4>&1 | Out-String
        $out | Should -Match '(?m)^\+node22:'
        $out | Should -Match '(?m)^\+    - tf-node22'
        (Get-ConfigMap).metadata.resourceVersion | Should -BeExactly $version
    }

    It 'rejects an edit based on a catalog that changed since it was read, writing nothing' {
        $stale = Get-ToolforgeImageConfig @K
        Set-ToolforgeImageConfig node18 -Alias toolforge-node18-old @K -Confirm:$false
        $version = (Get-ConfigMap).metadata.resourceVersion
        $err = { Set-ToolforgeImageConfig node20 -Alias tf-node20-new -Config $stale @K -Confirm:$false } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Toolforge.ConfigChanged,*'
        (Get-ConfigMap).metadata.resourceVersion | Should -BeExactly $version
        (Get-ConfigMap).data.'images-v1.yaml' | Should -Not -Match 'tf-node20-new'
        (Resolve-ToolforgeImage toolforge-node18-old @K -WarningAction SilentlyContinue).ShortName | Should -BeExactly 'node18'
    }

    It 'validates the published catalog' {
        @(Test-ToolforgeImageConfig @K).Count | Should -Be 0
    }
}
