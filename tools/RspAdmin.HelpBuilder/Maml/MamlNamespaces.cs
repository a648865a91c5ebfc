using System.Xml.Linq;

namespace RspAdmin.HelpBuilder.Maml;

/// <summary>The XML namespaces of MAML command help, as PowerShell's help system reads them.</summary>
public static class MamlNamespaces
{
    /// <summary>The default namespace of the <c>helpItems</c> root.</summary>
    public static readonly XNamespace Msh = "http://msh";

    /// <summary>Common MAML elements: names, descriptions, paragraphs, links.</summary>
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";

    /// <summary>Command elements: details, syntax, parameters, examples.</summary>
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";

    /// <summary>Developer elements: types, default values, example code and remarks.</summary>
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>The MS Help namespace, declared as platyPS declares it.</summary>
    public static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";
}
