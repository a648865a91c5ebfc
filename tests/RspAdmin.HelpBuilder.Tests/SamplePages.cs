namespace RspAdmin.HelpBuilder.Tests;

/// <summary>Help pages the tests start from, and helpers to find lines in them.</summary>
internal static class SamplePages
{
    public const string HelpFile = "Sample.Cmdlets.dll-Help.xml";

    /// <summary>A complete page with two parameter sets, two examples and every section.</summary>
    public const string GetWidget = """
        ---
        external help file: Sample.Cmdlets.dll-Help.xml
        Module Name: Sample
        online version: https://example.invalid/get-widget
        schema: 2.0.0
        ---

        # Get-Widget

        ## SYNOPSIS
        Gets widgets from the `store`.

        ## SYNTAX

        ### ByName (Default)
        ```
        Get-Widget [-Name] <String[]> [-Force] [<CommonParameters>]
        ```

        ### ById
        ```
        Get-Widget -Id <Int32> [-Force] [<CommonParameters>]
        ```

        ## DESCRIPTION
        The Get-Widget cmdlet gets widgets
        by *name* or by id.

        - First point.
        - Second point, see [the guide](https://example.invalid/guide).

        ## EXAMPLES

        ### Example 1: Get a widget by name
        ```powershell
        Get-Widget -Name gear
        ```

        ```output
        Name Size
        ---- ----
        gear    3
        ```

        Gets the widget named gear.

        ### Example 2
        Before the code.

        ```powershell
        Get-Widget -Id 7 |
            Select-Object Name
        ```

        After the code.

        ## PARAMETERS

        ### -Force
        Gets hidden widgets too.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Id
        The widget's id.

        ```yaml
        Type: Int32
        Parameter Sets: ById
        Aliases: WidgetId, I

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Name
        The widgets' names.

        ```yaml
        Type: String[]
        Parameter Sets: ByName
        Aliases:
        Accepted values: gear, cog

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName, ByValue)
        Accept wildcard characters: True
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String
        Names of widgets.

        ## OUTPUTS

        ### Sample.Widget
        One per widget.

        ## NOTES
        Widgets are cached.

        ## RELATED LINKS

        [about_Sample](about_Sample.md)

        [Online guide](https://example.invalid/guide)
        """;

    /// <summary>A page with one parameter set, whose syntax block stands directly under SYNTAX.</summary>
    public const string SetWidget = """
        ---
        external help file: Sample.Cmdlets.dll-Help.xml
        Module Name: Sample
        schema: 2.0.0
        ---

        # Set-Widget

        ## SYNOPSIS
        Sets a widget.

        ## SYNTAX

        ```
        Set-Widget [-Name] <String> [<CommonParameters>]
        ```

        ## DESCRIPTION
        Sets a widget.

        ## EXAMPLES

        ### Example 1: Set one
        ```powershell
        Set-Widget gear
        ```

        ## PARAMETERS

        ### -Name
        The name.

        ```yaml
        Type: String
        Parameter Sets: (All)
        Aliases:

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ## INPUTS

        ## OUTPUTS

        ## NOTES

        ## RELATED LINKS
        """;

    /// <summary>A conceptual topic.</summary>
    public const string AboutSample = """
        # about_Sample

        ## SHORT DESCRIPTION
        Explains the Sample module in one line.

        ## LONG DESCRIPTION
        The Sample module manages widgets. This paragraph is long enough that it has to be wrapped at the eightieth column when it is written out.

        ### Widgets
        Widgets come in kinds:

        - Gears, which turn and turn and turn and turn and turn and turn and turn and turn.
        - Cogs.

        ```
        Get-Widget gear
          indented line
        ```

        ## SEE ALSO
        - Get-Widget
        """;

    /// <summary>The 1-based line of the first line of <paramref name="text"/> that contains <paramref name="marker"/>.</summary>
    public static int LineOf(string text, string marker)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"'{marker}' is not in the text.", nameof(marker));
    }

    /// <summary>Replaces exactly one occurrence of <paramref name="old"/>, failing the test if there is not exactly one.</summary>
    public static string ReplaceOnce(this string text, string old, string replacement)
    {
        var first = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(first >= 0, $"'{old}' is not in the page");
        Assert.True(text.IndexOf(old, first + 1, StringComparison.Ordinal) < 0, $"'{old}' is in the page more than once");
        return string.Concat(text.AsSpan(0, first), replacement, text.AsSpan(first + old.Length));
    }
}
