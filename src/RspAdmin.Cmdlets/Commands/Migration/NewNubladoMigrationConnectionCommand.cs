using System.Management.Automation;
using System.Security;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Cmdlets.Sandbox;
using RspAdmin.Core;
using RspAdmin.Core.Migration;

namespace RspAdmin.Cmdlets.Commands.Migration;

/// <summary>
/// <para type="synopsis">Describes how to reach an environment's services for the Nublado migration: Argo CD, Vault, mobu, the hubs, Kubernetes and PostgreSQL.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "NubladoMigrationConnection", DefaultParameterSetName = "Services")]
[OutputType(typeof(MigrationConnection))]
public sealed class NewNubladoMigrationConnectionCommand : RspCmdlet
{
    /// <summary>Argo CD's URL with its base path (https://host/argo-cd); ARGOCD_URL when omitted.</summary>
    [Parameter(ParameterSetName = "Services")]
    [ValidateNotNull]
    public Uri? ArgoCdUrl { get; set; }

    /// <summary>An Argo CD user and password for a session login.</summary>
    [Parameter(ParameterSetName = "Services")]
    [Credential]
    public PSCredential? ArgoCdCredential { get; set; }

    /// <summary>An Argo CD token (argocd account generate-token); ARGOCD_AUTH_TOKEN when neither this nor -ArgoCdCredential is given.</summary>
    [Parameter(ParameterSetName = "Services")]
    public SecureString? ArgoCdToken { get; set; }

    /// <summary>Vault's address; VAULT_ADDR when omitted.</summary>
    [Parameter(ParameterSetName = "Services")]
    [ValidateNotNull]
    public Uri? VaultUrl { get; set; }

    /// <summary>A Vault token that may read, create, patch and delete the environment's secrets; VAULT_TOKEN when omitted.</summary>
    [Parameter(ParameterSetName = "Services")]
    public SecureString? VaultToken { get; set; }

    /// <summary>mobu's URL (https://host/mobu).</summary>
    [Parameter(ParameterSetName = "Services")]
    [ValidateNotNull]
    public Uri? MobuUrl { get; set; }

    /// <summary>The base URL of the hub routes (https://host; /nb/hub/api/ is below it).</summary>
    [Parameter(ParameterSetName = "Services")]
    [ValidateNotNull]
    public Uri? HubUrl { get; set; }

    /// <summary>A Gafaelfawr token for mobu (exec:admin) and the hubs (exec:notebook); GAFAELFAWR_TOKEN when omitted.</summary>
    [Parameter(ParameterSetName = "Services")]
    public SecureString? GafaelfawrToken { get; set; }

    /// <summary>The kubeconfig file; KUBECONFIG, ~/.kube/config or the pod's service account when omitted.</summary>
    [Parameter(ParameterSetName = "Services")]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context; its current context when omitted.</summary>
    [Parameter(ParameterSetName = "Services")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(KubeContextCompleter))]
    public string? Context { get; set; }

    /// <summary>The PostgreSQL host of the hub databases (a port-forward to the in-cluster server, for example).</summary>
    [Parameter(ParameterSetName = "Services")]
    [ValidateNotNullOrEmpty]
    public string? PostgresServer { get; set; }

    /// <summary>The PostgreSQL port.</summary>
    [Parameter(ParameterSetName = "Services")]
    [ValidateRange(1, 65535)]
    public int PostgresPort { get; set; } = 5432;

    /// <summary>A PostgreSQL superuser's name and password.</summary>
    [Parameter(ParameterSetName = "Services")]
    [Credential]
    public PSCredential? PostgresCredential { get; set; }

    /// <summary>A running sandbox (from Start-LabSandbox) whose services to use.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Sandbox", ValueFromPipeline = true)]
    public LabSandbox? Sandbox { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Sandbox")
        {
            if (Sandbox!.Services is not { } services)
            {
                ThrowRspError(new RspException("Sandbox.NoServices", ErrorKind.InvalidArgument,
                    $"The sandbox {Sandbox} plays no services (its scenario has no argoCd, vault or mobu).", Sandbox.Scenario, "Start the sandbox with the migration scenario."));
            }

            WriteObject(MigrationConnection.FromSandbox(Sandbox.Services!, Sandbox.KubeconfigPath));
            return;
        }

        static Uri? FromEnvironment(string variable) =>
            System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
        static SecureString? SecretFromEnvironment(string variable) =>
            SecretText.Secure(System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? text : null);

        if (PostgresServer is not null && PostgresCredential is null)
        {
            ThrowRspError(new RspException("Migration.PostgresCredentialMissing", ErrorKind.InvalidArgument,
                "A PostgreSQL server needs a superuser's credential.", nameof(PostgresCredential), "Give -PostgresCredential with the server."));
        }

        WriteObject(new MigrationConnection
        {
            ArgoCdUrl = ArgoCdUrl ?? FromEnvironment("ARGOCD_URL"),
            ArgoCdUsername = ArgoCdCredential?.UserName,
            ArgoCdPassword = ArgoCdCredential?.Password,
            ArgoCdToken = ArgoCdToken ?? (ArgoCdCredential is null ? SecretFromEnvironment("ARGOCD_AUTH_TOKEN") : null),
            VaultUrl = VaultUrl ?? FromEnvironment("VAULT_ADDR"),
            VaultToken = VaultToken ?? SecretFromEnvironment("VAULT_TOKEN"),
            MobuUrl = MobuUrl,
            HubUrl = HubUrl,
            GafaelfawrToken = GafaelfawrToken ?? SecretFromEnvironment("GAFAELFAWR_TOKEN"),
            KubeconfigPath = Kubeconfig is null ? null : GetUnresolvedProviderPathFromPSPath(Kubeconfig),
            KubeContext = Context,
            PostgresHost = PostgresServer,
            PostgresPort = PostgresPort,
            PostgresUsername = PostgresCredential?.UserName,
            PostgresPassword = PostgresCredential?.Password,
        });
    }
}
