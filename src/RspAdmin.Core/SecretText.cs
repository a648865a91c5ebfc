using System.Net;
using System.Security;

namespace RspAdmin.Core;

/// <summary>
/// Secrets held as <see cref="SecureString"/>s: read-only copies of a text (a token read from the
/// environment or a sandbox's services file), and the text again only where it is handed to a client.
/// </summary>
public static class SecretText
{
    /// <summary>A read-only SecureString holding <paramref name="value"/>, or null for null.</summary>
    public static SecureString? Secure(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var secret = new SecureString();
        foreach (var c in value)
        {
            secret.AppendChar(c);
        }

        secret.MakeReadOnly();
        return secret;
    }

    /// <summary>The text of <paramref name="secret"/>, or null for null: for handing to a client, never to a stream.</summary>
    public static string? Plain(SecureString? secret) => secret is null ? null : new NetworkCredential(string.Empty, secret).Password;
}
