using System.Collections;
using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.BinderHub;

namespace RspAdmin.Cmdlets.Commands.Hubs;

/// <summary>
/// <para type="synopsis">Adds the image-building setup (binderhub-service, registry, pull secrets, scope) to a hub's values, with the password only in the encrypted secret file.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "ImageBuildingHubConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Prefix")]
[OutputType(typeof(ImageBuildingHubConfigResult))]
public sealed class NewImageBuildingHubConfigCommand : RspCmdlet
{
    /// <summary>The hub's values file.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The hub's sops-encrypted secret values file (enc-&lt;hub&gt;.secret.values.yaml).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretPath { get; set; }

    /// <summary>The registry: gcp (Artifact Registry) or quay.</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("gcp", "quay", IgnoreCase = true)]
    public string Registry { get; set; } = "quay";

    /// <summary>The image_prefix as written; else it is made from -Region/-Project/-Repository (gcp) or -Cluster/-Hub (quay).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Prefix")]
    [ValidateNotNullOrEmpty]
    public string ImagePrefix { get; set; } = string.Empty;

    /// <summary>The Artifact Registry region (gcp), e.g. us-central1.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Gcp")]
    [ValidateNotNullOrEmpty]
    public string Region { get; set; } = string.Empty;

    /// <summary>The GCP project (gcp).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Gcp")]
    [ValidateNotNullOrEmpty]
    public string Project { get; set; } = string.Empty;

    /// <summary>The Artifact Registry repository (gcp).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Gcp")]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The cluster name (quay).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Quay")]
    [ValidateNotNullOrEmpty]
    public string Cluster { get; set; } = string.Empty;

    /// <summary>The hub name (quay).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Quay")]
    [ValidateNotNullOrEmpty]
    public string Hub { get; set; } = string.Empty;

    /// <summary>The registry user and password; the password goes to the secret file only. Without it the secret file is left alone.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Node labels for both docker-api and build pods (kept equal).</summary>
    [Parameter]
    public Hashtable? NodeSelector { get; set; }

    /// <summary>The size limit of docker-api's ephemeral storage.</summary>
    [Parameter]
    [ValidatePattern(@"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")]
    public string DockerStorageSize { get; set; } = "15Gi";

    /// <summary>Write the password into a secret file that has no sops metadata (encrypt it before committing).</summary>
    [Parameter]
    public SwitchParameter AllowPlaintextSecret { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        var secretPath = SecretPath is null ? null : GetUnresolvedProviderPathFromPSPath(SecretPath);
        var registry = Registry.Equals("gcp", StringComparison.OrdinalIgnoreCase) ? BinderHubRegistry.Gcp : BinderHubRegistry.Quay;
        var prefix = ParameterSetName switch
        {
            "Gcp" => ImageBuildingHubSetup.GcpPrefix(Region, Project, Repository),
            "Quay" => ImageBuildingHubSetup.QuayPrefix(Cluster, Hub),
            _ => ImagePrefix,
        };
        if ((ParameterSetName == "Gcp" && registry != BinderHubRegistry.Gcp) || (ParameterSetName == "Quay" && registry != BinderHubRegistry.Quay))
        {
            ThrowRspError(new RspException("BinderHub.ParameterMismatch", ErrorKind.InvalidArgument,
                $"-{(ParameterSetName == "Gcp" ? "Region/-Project/-Repository" : "Cluster/-Hub")} make a {ParameterSetName.ToLowerInvariant()} image prefix but -Registry is {Registry}.", Registry));
        }

        var network = Credential?.GetNetworkCredential();
        var options = new ImageBuildingHubOptions
        {
            Registry = registry,
            ImagePrefix = prefix,
            UserName = string.IsNullOrEmpty(network?.UserName) ? null : network!.UserName,
            Password = string.IsNullOrEmpty(network?.Password) ? null : network!.Password,
            NodeSelector = NodeSelector?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? string.Empty),
            DockerStorageSize = DockerStorageSize,
            AllowPlaintextSecret = AllowPlaintextSecret,
        };

        try
        {
            var preview = ImageBuildingHubSetup.Apply(path, secretPath, options, save: false);
            if (preview.Changed.Count == 0)
            {
                WriteVerbose($"{path}: the image-building setup is already in place.");
                WriteObject(preview);
                return;
            }

            var secretLine = preview.SecretWritten == "None" ? string.Empty
                : $"{Environment.NewLine}Set in {secretPath} (values not shown): {string.Join(", ", preview.Changed.Where(c => c.Contains("(secret", StringComparison.Ordinal)))}";
            var description = $"Add the image-building setup to {path}{Environment.NewLine}{preview.Diff.TrimEnd('\n')}{secretLine}";
            if (ShouldProcess(description, $"Write the image-building setup to {path}{(secretPath is null ? string.Empty : " and " + secretPath)}?", "New-ImageBuildingHubConfig"))
            {
                var result = ImageBuildingHubSetup.Apply(path, secretPath, options, save: true);
                if (result.SecretWritten == "Plaintext")
                {
                    WriteWarning($"The registry password is in {secretPath} in plaintext: encrypt it with 'sops --encrypt --in-place {secretPath}' before committing.");
                }

                WriteObject(result);
            }
        }
        catch (RspException e)
        {
            WriteRspError(e, path);
        }
    }
}
