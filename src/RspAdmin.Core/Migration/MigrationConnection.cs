using System.Globalization;
using System.Security;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Core.Migration;

/// <summary>
/// Where the services of one environment are and how to reach them: Argo CD, Vault, mobu and the hubs
/// (behind Gafaelfawr), the Kubernetes API (a kubeconfig and context) and the PostgreSQL server of the hub
/// databases. Secrets are <see cref="SecureString"/>s, unwrapped only to hand them to a client, and never
/// shown: <see cref="ToString"/> lists endpoints only. A service left out is one the migration cannot call;
/// a step that needs it stops with <c>Migration.ServiceMissing</c> naming what to give.
/// </summary>
public sealed class MigrationConnection
{
    /// <summary>Argo CD's URL with its base path (<c>https://host/argo-cd</c>).</summary>
    public Uri? ArgoCdUrl { get; init; }

    /// <summary>The Argo CD user for a session login (with <see cref="ArgoCdPassword"/>).</summary>
    public string? ArgoCdUsername { get; init; }

    /// <summary>The Argo CD password.</summary>
    public SecureString? ArgoCdPassword { get; init; }

    /// <summary>An Argo CD bearer token, used when no user name is given.</summary>
    public SecureString? ArgoCdToken { get; init; }

    /// <summary>Vault's address.</summary>
    public Uri? VaultUrl { get; init; }

    /// <summary>A Vault token that may read, create, patch and delete the environment's secrets.</summary>
    public SecureString? VaultToken { get; init; }

    /// <summary>mobu's URL (<c>https://host/mobu</c>).</summary>
    public Uri? MobuUrl { get; init; }

    /// <summary>The base URL the hub routes are under (<c>https://host</c>: <c>/nb/hub/api/</c> is below it).</summary>
    public Uri? HubUrl { get; init; }

    /// <summary>A Gafaelfawr token for mobu (<c>exec:admin</c>) and the hubs.</summary>
    public SecureString? GafaelfawrToken { get; init; }

    /// <summary>The kubeconfig file; KUBECONFIG, <c>~/.kube/config</c> or the pod's service account when null.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>The kubeconfig context; the current one when null.</summary>
    public string? KubeContext { get; init; }

    /// <summary>The PostgreSQL host of the hub databases (a port-forward to the in-cluster server, for example).</summary>
    public string? PostgresHost { get; init; }

    /// <summary>The PostgreSQL port.</summary>
    public int PostgresPort { get; init; } = 5432;

    /// <summary>A PostgreSQL superuser.</summary>
    public string? PostgresUsername { get; init; }

    /// <summary>The superuser's password.</summary>
    public SecureString? PostgresPassword { get; init; }

    /// <summary>The names of the services this connection can reach (<see cref="MigrationService"/> names).</summary>
    public IReadOnlyList<string> Services
    {
        get
        {
            var list = new List<string>();
            if (ArgoCdUrl is not null)
            {
                list.Add(nameof(MigrationService.ArgoCd));
            }

            if (VaultUrl is not null)
            {
                list.Add(nameof(MigrationService.Vault));
            }

            if (MobuUrl is not null)
            {
                list.Add(nameof(MigrationService.Mobu));
            }

            list.Add(nameof(MigrationService.Kubernetes));
            if (HubUrl is not null)
            {
                list.Add(nameof(MigrationService.Hub));
            }

            if (PostgresHost is not null)
            {
                list.Add(nameof(MigrationService.Postgres));
            }

            return list;
        }
    }

    /// <summary>The services of a running sandbox (its services file and kubeconfig).</summary>
    public static MigrationConnection FromSandbox(LabSandboxServices services, string? kubeconfigPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        static Uri? U(string? text) => string.IsNullOrEmpty(text) ? null : new Uri(text);
        return new MigrationConnection
        {
            ArgoCdUrl = U(services.ArgoCdUrl),
            ArgoCdUsername = services.ArgoCdUsername,
            ArgoCdPassword = services.ArgoCdPassword,
            VaultUrl = U(services.VaultUrl),
            VaultToken = services.VaultWriteToken,
            MobuUrl = U(services.MobuUrl),
            HubUrl = U(services.HubUrl),
            GafaelfawrToken = services.GafaelfawrToken,
            KubeconfigPath = kubeconfigPath,
            PostgresHost = services.PostgresHost,
            PostgresPort = services.PostgresPort ?? 5432,
            PostgresUsername = services.PostgresUsername,
            PostgresPassword = services.PostgresPassword,
        };
    }

    /// <summary>The endpoints, never a credential.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + value);
            }
        }

        Add("ArgoCd", ArgoCdUrl);
        Add("Vault", VaultUrl);
        Add("Mobu", MobuUrl);
        Add("Hub", HubUrl);
        Add("Kubernetes", KubeconfigPath is null && KubeContext is null ? "default" : $"{KubeconfigPath ?? "default"}{(KubeContext is null ? string.Empty : " context " + KubeContext)}");
        Add("Postgres", PostgresHost is null ? null : PostgresHost + ":" + PostgresPort.ToString(CultureInfo.InvariantCulture));
        return string.Join("; ", parts);
    }

    /// <summary>The plain text of a secret, for a client only.</summary>
    internal static string? Plain(SecureString? secret) => SecretText.Plain(secret);
}
