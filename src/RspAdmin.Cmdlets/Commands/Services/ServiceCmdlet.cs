using System.Management.Automation;
using System.Security;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Http;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>
/// Base of the cmdlets that call a web service (Argo CD, Vault, mobu, hubs): <c>-Timeout</c> bounds each call, the
/// request log goes to the verbose stream and retry notices to the warning stream, and secrets given as
/// <see cref="SecureString"/> or <see cref="PSCredential"/> are unwrapped only to be handed to the client.
/// </summary>
public abstract class ServiceCmdlet : RspCmdlet
{
    /// <summary>Seconds allowed for each call to the service, retries included.</summary>
    [Parameter]
    [ValidateRange(1, 86_400)]
    public int Timeout { get; set; } = 60;

    /// <summary>Runs an engine call with HTTP options whose log and notices reach this command's streams; failures stop the command.</summary>
    protected T Call<T>(Func<HttpServiceOptions, CancellationToken, Task<T>> call, object? target = null)
    {
        try
        {
            return RunAsync((messages, token) =>
            {
                _current = messages;
                return call(Options, token);
            });
        }
        catch (RspException e)
        {
            ThrowRspError(e, target);
            throw;
        }
    }

    /// <summary>Like <see cref="Call{T}"/>, but a failure is written as a non-terminating error and null is returned.</summary>
    protected T? TryCall<T>(Func<HttpServiceOptions, CancellationToken, Task<T>> call, object? target = null)
        where T : class
    {
        try
        {
            return RunAsync((messages, token) =>
            {
                _current = messages;
                return call(Options, token);
            });
        }
        catch (RspException e)
        {
            WriteRspError(e, target);
            return null;
        }
    }

    private volatile PipelineMessages? _current;

    /// <summary>HTTP options whose request log and retry notices reach the streams of the engine call running now.</summary>
    private HttpServiceOptions Options => new()
    {
        TotalTimeout = TimeSpan.FromSeconds(Timeout),
        RequestTimeout = TimeSpan.FromSeconds(Math.Min(Timeout, 30)),
        RequestLog = entry => _current?.Verbose(entry.ToString() ?? string.Empty),
        RetryNotice = notice => _current?.Warning(notice),
    };

    /// <summary>The plain text of a secret, for the client only.</summary>
    protected static string? Plain(SecureString? secret) => SecretText.Plain(secret);

    /// <summary>A URL parameter or environment variable, or a terminating error naming both.</summary>
    protected Uri RequireUrl(Uri? given, string variable, string parameter, string service)
    {
        if (given is not null)
        {
            return given;
        }

        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text && Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        ThrowRspError(new RspException($"{service}.AddressMissing", ErrorKind.InvalidArgument, $"No {service} address: give -{parameter} or set {variable}.", parameter));
        throw new InvalidOperationException();
    }

    /// <summary>A token from -Token, else -Credential's password, else an environment variable; a terminating error when none.</summary>
    protected string RequireToken(SecureString? token, PSCredential? credential, string? variable, string service)
    {
        var value = Plain(token) ?? (credential is null ? null : credential.GetNetworkCredential().Password) ?? (variable is null ? null : Environment.GetEnvironmentVariable(variable));
        if (string.IsNullOrEmpty(value))
        {
            ThrowRspError(new RspException($"{service}.TokenMissing", ErrorKind.InvalidArgument, $"No {service} token: give -Token{(variable is null ? string.Empty : $" or set {variable}")}.", service));
        }

        return value!;
    }
}
