namespace RspAdmin.Core.Config;

/// <summary>A place in a configuration file; line and column are 1-based.</summary>
internal readonly record struct ConfigLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
