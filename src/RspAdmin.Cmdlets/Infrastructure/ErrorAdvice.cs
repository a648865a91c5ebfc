namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// What to do next, per stable error identifier, in the module's own words (these may name cmdlets; the
/// engine's messages do not). An identifier without an entry shows the engine's recommended action, if any.
/// </summary>
internal static class ErrorAdvice
{
    private static readonly Dictionary<string, string> Advice = new(StringComparer.Ordinal)
    {
        ["Registry.Unreachable"] = "Check the registry host and port, and that it is reachable from here.",
        ["Registry.AuthenticationRequired"] = "Pass -Credential, or log in with 'docker login <registry>' so the Docker configuration holds credentials.",
        ["Registry.CredentialsRejected"] = "The registry refused the credentials: check the user name and token in -Credential or the Docker configuration.",
        ["Registry.AccessDenied"] = "The credentials are valid but lack access to this repository.",
        ["Registry.RepositoryNotFound"] = "Check the repository name (for example lsst-sqre/sciplat-lab).",
        ["Registry.ManifestNotFound"] = "Check the tag: Get-LabImage -Registry <host> -Repository <repo> lists the tags that exist.",
        ["Registry.InsecureRegistryRefused"] = "Use HTTPS, or pass -AllowInsecureRegistry if this registry is known to be plain HTTP or self-signed.",
        ["Registry.RetriesExhausted"] = "The registry kept failing or rate-limiting; try again later or lower -ThrottleLimit.",
        ["Promotion.ArchitectureSpecific"] = "Promote the multi-architecture tag (without -amd64 or -arm64).",
        ["Promotion.TagNotFound"] = "Check the tag: Get-LabImage lists the tags of the repository.",
        ["Promotion.InvalidDigest"] = "Pass the Digest that Get-LabImage shows for the approved image (sha256: and 64 hex digits).",
        ["Cluster.NodeNotFound"] = "Check -Name: Get-LabNode without -Name lists the nodes (Tab completes their names).",
        ["Promotion.DigestChanged"] = "The image was pushed again after it was approved: have the new digest approved, then pass it as -ExpectedDigest.",
        ["Promotion.VerificationFailed"] = "Check what the tag names now (Get-LabImage -Reference), and run the command again or restore the previous tag.",
        ["Config.EnvironmentNotFound"] = "Check -Environment: the error lists the environments the checkout has; -Environment completes them with Tab.",
        ["Cluster.KubeconfigNotFound"] = "Pass -Kubeconfig with the path of a kubeconfig file, or set KUBECONFIG.",
        ["Cluster.ContextNotFound"] = "Check -Context: 'kubectl config get-contexts' lists the contexts of the kubeconfig.",
        ["Migration.RunInterrupted"] = "Run Start-NubladoMigrationStage again with -Resume: every step is probed again and nothing already done is repeated.",
        ["Migration.StageOutOfOrder"] = "Get-NubladoMigrationState shows the state and its evidence; run the stage that follows from it, or pass -AllowStageSkip after checking.",
        ["Migration.JournalInCheckout"] = "Give -JournalPath a file outside the Phalanx checkout, or omit it to use the user's state directory.",
        ["Migration.DirtyCheckout"] = "Commit or stash the checkout's changes (git status lists them), then run Start-NubladoMigrationStage again.",
        ["Migration.ServiceMissing"] = "Give the service in New-NubladoMigrationConnection (its URL and token or credential), pass it as -Connection, and run the stage again with -Resume if it was interrupted.",
        ["Migration.AutoSyncEnabled"] = "Turn the application's auto-sync off for the window (argocd app set NAME --sync-policy none), then run Start-NubladoMigrationStage again.",
        ["Migration.EnvironmentNotFound"] = "Check -Environment and -PhalanxPath: Get-NubladoMigrationState without -Environment lists the checkout's environments.",
        ["Cluster.Unreachable"] = "Check that the cluster's API server is reachable from here (for a sandbox: that Start-LabSandbox is still running).",
    };

    /// <summary>The advice for <paramref name="errorId"/>, or null.</summary>
    public static string? For(string errorId) => Advice.GetValueOrDefault(errorId);
}
