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
    FormatsToProcess     = @('RspAdmin.Format.ps1xml', 'RspAdmin.Migration.Format.ps1xml')
    CmdletsToExport      = @(
        'ConvertFrom-LabImageTag'
        'Copy-LabImageTag'
        'Get-LabImage'
        'Get-LabImageConfig'
        'Get-LabMenu'
        'Get-LabNode'
        'Get-NubladoMigrationPlan'
        'Get-NubladoMigrationState'
        'Get-PrepullStatus'
        'Invoke-Prepull'
        'Set-RecommendedTag'
        'Start-LabSandbox'
        'Start-NubladoMigrationStage'
        'Stop-LabSandbox'
        'Update-LabImagePrepull'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Kubernetes', 'JupyterHub', 'Nublado', 'RubinObservatory', 'OCI', 'Registry', 'PSEdition_Core', 'Linux', 'MacOS', 'Windows')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://example.invalid/rspadmin'
            ReleaseNotes = 'See CHANGELOG.md in the project repository.'
        }
    }
}
