# The 2i2c image-building hub cmdlets, end to end from pwsh on the project's example hub values
# (tests/data/hubs) and, where present, the real hub values of the shared fixtures.
BeforeAll {
    Import-Module $env:RSPADMIN_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/PwshProcess.psm1') -Force
    $script:Data = Join-Path $env:RSPADMIN_ROOT 'tests/data/hubs'
    $script:Fixtures = Join-Path $env:RSPADMIN_ROOT '../shared/fixtures/toolforge-2i2c/2i2c-infrastructure'
    $script:HaveShared = Test-Path (Join-Path $script:Fixtures 'leap__public.values.yaml')
    $script:Images = 'pangeo/pangeo-notebook:2024.06.02', 'quay.io/jupyter/scipy-notebook:2024-04-15'

    function New-HubCopy {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $dir | Out-Null
        Copy-Item (Join-Path $script:Data 'example-hub.values.yaml') $dir
        Join-Path $dir 'example-hub.values.yaml'
    }

    function New-RegistryCredential([string] $User = 'imagebuilding-non-gcp-hubs+image_builder') {
        [pscredential]::new($User, (ConvertTo-SecureString 'robot-token-1234' -AsPlainText -Force))
    }
}

Describe 'ConvertTo-HubProfileList' {
    It 'builds one image option with slug keys, a default and dynamic building from references on the pipeline' {
        $entry = $script:Images | ConvertTo-HubProfileList build -DisplayName 'Build your own' -DynamicImageBuilding
        $entry.Slug | Should -Be 'build'
        $entry.Choices.Key | Should -Be @('pangeo-notebook-2024-06-02', 'scipy-notebook-2024-04-15')
        $entry.Choices[0].IsDefault | Should -BeTrue
        $entry.UnlistedChoice.ValidationRegex | Should -Be '^.+:.+$'
        $entry.ToYaml() | Should -Match "dynamic_image_building:\s+enabled: true"
        ($entry | ConvertTo-Json -Depth 5 | ConvertFrom-Json).Choices[1].Image | Should -Be 'quay.io/jupyter/scipy-notebook:2024-04-15'
    }

    It 'pins digests of catalog objects and warns about images without one' {
        $digest = 'sha256:' + ('ab' * 32)
        $images = [pscustomobject]@{ Reference = 'r.example/lab:w_2024_50'; Digest = $digest; DisplayName = 'Weekly 2024_50' },
                  [pscustomobject]@{ Reference = 'r.example/lab:w_2024_49'; DisplayName = 'Weekly 2024_49' }
        $entry = $images | ConvertTo-HubProfileList lab -PinDigest -WarningVariable warnings -WarningAction SilentlyContinue
        $entry.Choices[0].Image | Should -Be "r.example/lab:w_2024_50@$digest"
        $entry.Choices[1].Image | Should -Be 'r.example/lab:w_2024_49'
        $warnings.Count | Should -Be 1
    }

    It 'refuses a slug that is not one with HubProfile.BadSlug' {
        { $script:Images | ConvertTo-HubProfileList 'Not a slug' -ErrorAction Stop } | Should -Throw -ErrorId 'HubProfile.BadSlug*'
    }
}

Describe 'Set-HubProfileList' {
    It 'shows the diff with -WhatIf and leaves the file alone' {
        # -WhatIf writes to the host, so the command runs in a child pwsh whose output is read.
        $hub = New-HubCopy
        $before = Get-FileHash $hub
        $script = "Import-Module '$env:RSPADMIN_MANIFEST'; 'pangeo/pangeo-notebook:2024.06.02' | ConvertTo-HubProfileList build | Set-HubProfileList '$hub' -WhatIf"
        $run = Invoke-FreshPwsh -Script $script -WorkingDirectory (Split-Path $hub)
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.StdOut | Should -Match "What if: Added profile 'build'"
        $run.StdOut | Should -Match '\+        slug: build'
        (Get-FileHash $hub).Hash | Should -Be $before.Hash
    }

    It 'appends, keeps comments and other profiles, and a rerun changes nothing' {
        $hub = New-HubCopy
        $entry = $script:Images | ConvertTo-HubProfileList build -DynamicImageBuilding
        ($entry | Set-HubProfileList $hub).Action | Should -Be 'Added'
        $text = Get-Content -Raw $hub
        $text | Should -Match '# Dedicated GPU node for the course.'
        $hash = (Get-FileHash $hub).Hash
        ($entry | Set-HubProfileList $hub).Action | Should -Be 'Unchanged'
        (Get-FileHash $hub).Hash | Should -Be $hash
        @(Test-HubProfileList $hub | Where-Object Severity -ne 'Information') | Should -BeNullOrEmpty
    }

    It 'refuses a values file without jupyterhub with HubProfile.NotHubValues and writes nothing' {
        $path = Join-Path $TestDrive 'other.yaml'
        Set-Content $path "nfs:`n  enabled: true"
        $script:Images | ConvertTo-HubProfileList build | Set-HubProfileList $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HubProfile.NotHubValues*'
        Get-Content -Raw $path | Should -Be "nfs:`n  enabled: true$([Environment]::NewLine)"
    }

    It 'completes the profile slugs of the file' {
        $hub = New-HubCopy
        $line = "Set-HubProfileList -Path '$hub' -Profile g"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Be @('gpu')
    }
}

Describe 'New-ImageBuildingHubConfig and Test-ImageBuildingHubConfig' {
    It 'sets up <Registry> cleanly: anchors, pull secrets, scope; a rerun changes nothing' -ForEach @(
        @{ Registry = 'quay'; Setup = @{ Cluster = 'example-cluster'; Hub = 'example-hub' } }
        @{ Registry = 'gcp'; Setup = @{ Region = 'us-central1'; Project = 'example-project'; Repository = 'imagebuilding-registry' } }
    ) {
        $hub = New-HubCopy
        $secret = Join-Path (Split-Path $hub) 'enc-example-hub.secret.values.yaml'
        $user = if ($Registry -eq 'quay') { 'imagebuilding-non-gcp-hubs+image_builder' } else { '_json_key' }
        $result = New-ImageBuildingHubConfig -Path $hub -SecretPath $secret -Registry $Registry @Setup -Credential (New-RegistryCredential $user) `
            -NodeSelector @{ 'node.kubernetes.io/instance-type' = 'r5.xlarge' } -AllowPlaintextSecret -WarningVariable warnings -WarningAction SilentlyContinue
        $result.SecretWritten | Should -Be 'Plaintext'
        $warnings[0] | Should -Match 'sops --encrypt'
        Get-Content -Raw $hub | Should -Not -Match 'robot-token-1234'
        Get-Content -Raw $hub | Should -Match 'server: \*url'

        $findings = Test-ImageBuildingHubConfig -Path $hub -SecretPath $secret
        $findings.Id | Should -Be @('BinderHub.SecretNotEncrypted')
        @(Test-HubProfileList $hub | Where-Object Severity -ne 'Information') | Should -BeNullOrEmpty

        $hashes = (Get-FileHash $hub, $secret).Hash
        $again = New-ImageBuildingHubConfig -Path $hub -SecretPath $secret -Registry $Registry @Setup -Credential (New-RegistryCredential $user) `
            -NodeSelector @{ 'node.kubernetes.io/instance-type' = 'r5.xlarge' } -AllowPlaintextSecret
        $again.Changed | Should -BeNullOrEmpty
        (Get-FileHash $hub, $secret).Hash | Should -Be $hashes
    }

    It 'refuses to write a password into a file without sops metadata, says so without the password, and writes nothing' {
        $hub = New-HubCopy
        $secret = Join-Path (Split-Path $hub) 'enc-example-hub.secret.values.yaml'
        Set-Content $secret 'jupyterhub: {}'
        $before = (Get-FileHash $hub, $secret).Hash
        New-ImageBuildingHubConfig -Path $hub -SecretPath $secret -Registry quay -Cluster c -Hub h -Credential (New-RegistryCredential) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BinderHub.PlaintextSecret*'
        ($err | Out-String) | Should -Not -Match 'robot-token-1234'
        (Get-FileHash $hub, $secret).Hash | Should -Be $before
    }

    It 'reports what the shared leap hub really lacks' {
        if (-not $script:HaveShared) { Set-ItResult -Skipped -Because 'the shared fixtures are not available'; return }
        $basehub = Join-Path $script:Fixtures 'helm-charts__basehub__values.binderhub-service-section.yaml'
        (Test-ImageBuildingHubConfig -Path $basehub, (Join-Path $script:Fixtures 'leap__public.values.yaml')).Id |
            Should -Be @('BinderHub.PasswordNotChecked', 'BinderHub.StorageNotEphemeral')
    }
}

Describe 'Test-HubProfileList' {
    It 'checks every shared fixture hub from the pipeline' {
        if (-not $script:HaveShared) { Set-ItResult -Skipped -Because 'the shared fixtures are not available'; return }
        $findings = Get-ChildItem $script:Fixtures -Filter '*.values.yaml' | Where-Object { (Get-Content -Raw $_) -match 'profileList:' } | Test-HubProfileList
        ($findings | ForEach-Object { "$($_.Id) $($_.Target)" }) | Should -Be @('HubProfile.SlugGenerated default', 'HubProfile.SlugGenerated default')
    }

    It 'fails a regex that rejects built images' {
        $entry = $script:Images | ConvertTo-HubProfileList build -DynamicImageBuilding -ValidationRegex '^pangeo/.*$'
        @($entry | Test-HubProfileList | Where-Object Id -eq 'HubProfile.BuiltImageRejected').Count | Should -Be 1
    }
}

Describe 'Test-HubProfileChoice' {
    It 'gives the hub''s verdict and each form''s' {
        $entry = $script:Images | ConvertTo-HubProfileList build -Unlisted
        $v = 'foo:bar', 'pangeo/pangeo-notebook' | Test-HubProfileChoice -InputObject $entry -Profile build
        $v[0].ServerAccepted | Should -BeTrue
        $v[0].Image | Should -Be 'foo:bar'
        $v[1].ServerAccepted | Should -BeFalse
        $v[1].ServerMessage | Should -Be 'Received unlisted_choice for image that failed validation regex.'
        $v[1].HtmlPattern, $v[1].FancyProfiles | Should -Be @('Rejected', 'Rejected')
    }
}

Describe 'Get-BinderImageName' {
    It 'gives the name of vector 30' {
        Get-BinderImageName binder-examples/requirements -Ref 50533eb470ee6c24e872043d30b2fee463d6943f -ImagePrefix '<region>-docker.pkg.dev/<project>/<repo>/binder' |
            Should -BeExactly '<region>-docker.pkg.dev/<project>/<repo>/binderbinder-2dexamples-2drequirements-55ab5c:50533eb470ee6c24e872043d30b2fee463d6943f'
    }

    It 'refuses a repository fancy-profiles refuses with BinderHub.BadRepository' {
        Get-BinderImageName org -Ref abc -ImagePrefix 'quay.io/o/h-' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BinderHub.BadRepository*'
    }
}
