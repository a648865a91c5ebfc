using System.Net;
using System.Text;
using RspAdmin.Core.Http;

namespace RspAdmin.Registry.Tests;

/// <summary>Asserts that no secret leaks into request logs or exception messages.</summary>
internal static class SecretAssert
{
    public static IEnumerable<string> Forms(NetworkCredential credential) =>
    [
        credential.Password,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.UserName + ":" + credential.Password)),
    ];

    public static void NotIn(IEnumerable<string> secrets, IEnumerable<HttpRequestLogEntry> log, params Exception[] errors)
    {
        var texts = log.Select(e => e.ToString()).Concat(errors.Select(e => e.ToString())).ToList();
        foreach (var secret in secrets)
        {
            foreach (var text in texts)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
