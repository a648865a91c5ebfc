<#
.SYNOPSIS
    Checks that commands have complete help: a synopsis, a description, an example, and a
    description of every parameter they have and of no parameter they lack.
#>

function Get-CommandHelpProblem {
    <#
    .SYNOPSIS
        Returns one object per command: its name and the list of what its help lacks or gets wrong
        (empty when the help is complete). Common parameters are not checked.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string[]] $Name)

    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    foreach ($commandName in $Name) {
        $problems = [System.Collections.Generic.List[string]]::new()
        $command = Get-Command -Name $commandName -ErrorAction Stop
        $help = Get-Help -Name $commandName -Full -ErrorAction Stop

        # Without a help file Get-Help makes up a page whose synopsis is the syntax.
        $fromFile = @($help.PSObject.TypeNames | Where-Object { $_ -like 'MamlCommandHelpInfo*' }).Count -gt 0
        if (-not $fromFile) { $problems.Add('has no help file (Get-Help shows only the generated syntax)') }

        $synopsis = ([string]$help.Synopsis).Trim()
        if (-not $synopsis -or $synopsis.StartsWith("$commandName ") -or $synopsis -eq $commandName) {
            $problems.Add('lacks a synopsis')
        }

        $description = (@($help.PSObject.Properties['description']?.Value) | Where-Object { $_ } | ForEach-Object { $_.Text }) -join ''
        if (-not $description.Trim()) { $problems.Add('lacks a description') }

        $examples = @($help.PSObject.Properties['examples']?.Value?.example | Where-Object { $_ -and ([string]$_.code).Trim() })
        if ($examples.Count -eq 0) { $problems.Add('lacks an example') }

        $documented = @{}
        foreach ($parameter in @($help.PSObject.Properties['parameters']?.Value?.parameter | Where-Object { $_ })) {
            $text = (@($parameter.PSObject.Properties['description']?.Value) | Where-Object { $_ } | ForEach-Object { $_.Text }) -join ''
            $documented[[string]$parameter.name] = $text.Trim()
        }

        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        foreach ($parameter in $actual) {
            if (-not $documented.ContainsKey($parameter) -or -not $documented[$parameter]) {
                $problems.Add("does not describe parameter -$parameter")
            }
        }

        foreach ($parameter in $documented.Keys) {
            if ($parameter -notin $actual -and $parameter -notin $common) {
                $problems.Add("documents parameter -$parameter, which the command does not have")
            }
        }

        [pscustomobject]@{ Name = $commandName; Problems = @($problems | Sort-Object) }
    }
}

Export-ModuleMember -Function Get-CommandHelpProblem
