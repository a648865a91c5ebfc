@{
    RootModule           = 'RspAdmin.Cmdlets.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '5d0c7a4e-3b7e-4a59-9a43-6f1c2e8b9d17'
    Author               = 'RspAdmin contributors'
    CompanyName          = 'RspAdmin'
    Copyright            = '(c) RspAdmin contributors. MIT License.'
    Description          = 'Administer the lab images of Kubernetes-hosted notebook platforms (Rubin Science Platform Nublado, 2i2c hubs, Wikimedia Toolforge): registry catalogs, the recommended image, node prepulls, spawner menus and the documented maintenance procedures.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('RspAdmin.Format.ps1xml', 'RspAdmin.Toolforge.Format.ps1xml', 'RspAdmin.Hubs.Format.ps1xml', 'RspAdmin.Services.Format.ps1xml', 'RspAdmin.Migration.Format.ps1xml')
    CmdletsToExport      = @(
        'ConvertFrom-LabImageTag'
        'ConvertTo-HubProfileList'
        'Copy-LabImageTag'
        'Get-BinderImageName'
        'Get-ArgoCdApplication'
        'Get-HubDatabase'
        'Get-LabImage'
        'Get-LabImageConfig'
        'Get-LabMenu'
        'Get-LabNode'
        'Get-LabUserNamespace'
        'Get-MobuFlock'
        'Get-NubladoMigrationPlan'
        'New-NubladoMigrationConnection'
        'Get-NubladoMigrationState'
        'Get-PrepullStatus'
        'Get-ToolforgeImage'
        'Get-ToolforgeImageConfig'
        'Get-ToolforgeImageUsage'
        'Invoke-Prepull'
        'Resolve-ToolforgeImage'
        'New-ImageBuildingHubConfig'
        'Set-HubProfileList'
        'Get-VaultSecretStatus'
        'Initialize-VaultSecret'
        'Invoke-MobuLabTest'
        'Remove-HubDatabase'
        'Remove-LabUserNamespace'
        'Set-RecommendedTag'
        'Set-ToolforgeImageConfig'
        'Start-LabSandbox'
        'Start-NubladoMigrationStage'
        'Stop-LabSandbox'
        'Test-ToolforgeImageConfig'
        'Test-HubProfileChoice'
        'Test-HubProfileList'
        'Test-ImageBuildingHubConfig'
        'Stop-MobuFlock'
        'Sync-ArgoCdApplication'
        'Test-HubRoute'
        'Update-LabImagePrepull'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Kubernetes', 'JupyterHub', 'Nublado', 'RubinObservatory', 'RSP', 'Phalanx', 'OCI', 'Registry', 'Prepull', 'PSEdition_Core', 'Linux', 'MacOS', 'Windows')
            ProjectUri   = 'https://github.com/rspadmin/RspAdmin'
            LicenseUri   = 'https://github.com/rspadmin/RspAdmin/blob/main/LICENSE'
            # Filled from this version's section of CHANGELOG.md by the build.
            ReleaseNotes = '{{ReleaseNotes}}'
        }
    }
}
