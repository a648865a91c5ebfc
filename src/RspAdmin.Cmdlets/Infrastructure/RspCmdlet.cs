using System.Collections.Concurrent;
using System.Management.Automation;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// Base class of every RspAdmin cmdlet: a cancellation token that Ctrl+C trips, a bridge that runs
/// asynchronous engine calls while keeping every Write* call on the pipeline thread, and helpers
/// that build error records with stable identifiers.
/// </summary>
/// <remarks>
/// Engine calls run on the thread pool. Anything they want to tell the user (verbose lines,
/// warnings, progress) is queued through <see cref="PipelineMessages"/> and written here, on the
/// pipeline thread, while the call is in flight: PowerShell forbids Write* from other threads.
/// </remarks>
public abstract class RspCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();
    private volatile PipelineMessages? _currentMessages;

    /// <summary>
    /// The messages of the engine call running now (null between calls): log callbacks of clients that outlive
    /// one call write their verbose lines here.
    /// </summary>
    protected PipelineMessages? CurrentMessages => _currentMessages;

    /// <summary>
    /// Whether verbose lines are shown or recorded (-Verbose, or $VerbosePreference other than
    /// SilentlyContinue and Ignore). Log callbacks that would put every request into words check it first:
    /// a verbose line nobody sees still costs a string and a trip through the pipeline thread.
    /// </summary>
    protected bool VerboseEnabled
    {
        get
        {
            if (MyInvocation.BoundParameters.TryGetValue("Verbose", out var given))
            {
                return given is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(given);
            }

            var preference = GetVariableValue("VerbosePreference");
            if (preference is null)
            {
                return false;
            }

            return !LanguagePrimitives.TryConvertTo(preference, out ActionPreference value)
                || value is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
        }
    }

    /// <summary>
    /// Whether progress bars are drawn ($ProgressPreference, or -ProgressAction, other than SilentlyContinue
    /// and Ignore): commands that report progress thousands of times a run skip the work when they are not.
    /// </summary>
    protected bool ProgressEnabled
    {
        get
        {
            var preference = MyInvocation.BoundParameters.TryGetValue("ProgressAction", out var given) ? given : GetVariableValue("ProgressPreference");
            if (preference is null)
            {
                return true;
            }

            return !LanguagePrimitives.TryConvertTo(preference, out ActionPreference value)
                || value is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
        }
    }

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        _stopping.Cancel();
        base.StopProcessing();
    }

    /// <summary>
    /// Runs an asynchronous engine call to completion, writing the messages it queues as they come.
    /// Cancellation surfaces as <see cref="PipelineStoppedException"/>.
    /// </summary>
    protected T RunAsync<T>(Func<PipelineMessages, CancellationToken, Task<T>> operation)
    {
        using var messages = new PipelineMessages();
        _currentMessages = messages;
        var task = Task.Run(() => operation(messages, CancellationToken), CancellationToken);
        _ = task.ContinueWith(_ => messages.Complete(), TaskScheduler.Default);
        foreach (var write in messages.Drain())
        {
            write(this);
        }

        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            _currentMessages = null;
        }
    }

    /// <summary>Runs an asynchronous engine call without messages; see <see cref="RunAsync{T}(Func{PipelineMessages, CancellationToken, Task{T}})"/>.</summary>
    protected T RunAsync<T>(Func<CancellationToken, Task<T>> operation) => RunAsync((_, token) => operation(token));

    /// <summary>
    /// The site settings a command works on: those given (from the pipeline), else those of a Phalanx
    /// environment, else those built from parameters. A configuration that cannot be read or is invalid is
    /// reported by <see cref="ReportRspError"/> (it stops the command unless the environment came from the
    /// pipeline) and null is returned.
    /// </summary>
    protected RspAdmin.Core.Config.LabImageConfig? ResolveLabImageConfig(
        RspAdmin.Core.Config.LabImageConfig? given, string? phalanxPath, string? environment, Func<RspAdmin.Core.Config.LabImageConfig> fromParameters)
    {
        try
        {
            if (given is not null)
            {
                return given;
            }

            return string.IsNullOrEmpty(environment)
                ? fromParameters().Validate()
                : RspAdmin.Core.Config.LabImageConfigReader.ReadPhalanx(GetUnresolvedProviderPathFromPSPath(phalanxPath ?? "."), environment);
        }
        catch (RspAdmin.Core.Config.LabImageConfigException e)
        {
            ReportRspError(e);
            return null;
        }
    }

    /// <summary>
    /// Reports <paramref name="exception"/> by the module's one rule, so that the same failure behaves the same
    /// in every cmdlet: a failure that makes the whole call meaningless (a malformed argument, a configuration
    /// or kubeconfig that cannot be read, given as parameters) stops the command; a failure about one item
    /// (a registry or cluster that fails or does not answer, a tag that does not exist, a refusal, or any
    /// failure of an item that came from the pipeline) is written and the command goes on. A kubeconfig or
    /// context that cannot be used stops the command even with pipeline input: no item can succeed.
    /// </summary>
    protected void ReportRspError(RspAdmin.Core.RspException exception, object? fallbackTarget = null)
    {
        if (IsConnectionFailure(exception) || (IsCallWide(exception) && !MyInvocation.ExpectingInput))
        {
            ThrowRspError(exception, fallbackTarget);
        }

        WriteRspError(exception, fallbackTarget);
    }

    /// <summary>True for failures that make a call meaningless whatever item it works on (see <see cref="ReportRspError"/>).</summary>
    internal static bool IsCallWide(RspAdmin.Core.RspException exception) =>
        exception.Kind == RspAdmin.Core.ErrorKind.InvalidArgument
        || exception.Area is "Config" or "Phalanx"
        || IsConnectionFailure(exception);

    /// <summary>True when the cluster connection itself cannot be set up from the parameters given.</summary>
    internal static bool IsConnectionFailure(RspAdmin.Core.RspException exception) =>
        exception.ErrorId is "Cluster.KubeconfigNotFound" or "Cluster.KubeconfigInvalid" or "Cluster.ContextNotFound" or "Cluster.NoConfiguration";

    /// <summary>Writes <paramref name="exception"/> as a non-terminating error: a failure about one input item.</summary>
    protected void WriteRspError(RspAdmin.Core.RspException exception, object? fallbackTarget = null) =>
        WriteError(ErrorCategories.Record(exception, fallbackTarget));

    /// <summary>Stops the command with <paramref name="exception"/>: a failure that makes the whole call meaningless.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    protected void ThrowRspError(RspAdmin.Core.RspException exception, object? fallbackTarget = null)
    {
        ThrowTerminatingError(ErrorCategories.Record(exception, fallbackTarget));
        throw new InvalidOperationException("not reached: ThrowTerminatingError always throws");
    }

    /// <summary>
    /// A thread-safe queue of writes for the pipeline thread. Engine code running on pool threads
    /// calls <see cref="Verbose"/>, <see cref="Warning"/> or <see cref="Progress"/>; the cmdlet
    /// writes them in order.
    /// </summary>
    public sealed class PipelineMessages : IDisposable
    {
        private readonly BlockingCollection<Action<Cmdlet>> _queue = new();

        /// <summary>Queues a verbose line.</summary>
        public void Verbose(string message) => Add(c => c.WriteVerbose(message));

        /// <summary>Queues a warning.</summary>
        public void Warning(string message) => Add(c => c.WriteWarning(message));

        /// <summary>Queues a progress record.</summary>
        public void Progress(ProgressRecord record) => Add(c => c.WriteProgress(record));

        /// <summary>Queues any write.</summary>
        public void Add(Action<Cmdlet> write)
        {
            try
            {
                _queue.Add(write);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // The call already finished; a late message has nowhere to go.
            }
        }

        internal void Complete() => _queue.CompleteAdding();

        internal IEnumerable<Action<Cmdlet>> Drain() => _queue.GetConsumingEnumerable();

        /// <inheritdoc />
        public void Dispose() => _queue.Dispose();
    }
}
