namespace RspAdmin.HelpBuilder.Model;

/// <summary>An entry of a command's RELATED LINKS.</summary>
/// <param name="Text">The text shown, e.g. <c>about_RspAdmin</c>.</param>
/// <param name="Uri">An absolute URI (shown by <c>Get-Help -Online</c>), or empty for a topic name.</param>
public sealed record RelatedLink(string Text, string Uri);
