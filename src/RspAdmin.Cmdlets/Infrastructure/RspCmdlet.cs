using System.Management.Automation;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// Base class of every RspAdmin cmdlet: a cancellation token that Ctrl+C trips, a bridge that runs
/// asynchronous engine calls while keeping every Write* call on the pipeline thread, and helpers
/// that build error records with stable identifiers.
/// </summary>
public abstract class RspCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        _stopping.Cancel();
        base.StopProcessing();
    }

    /// <summary>
    /// Runs an asynchronous engine call to completion on a pool thread and waits for it here, so
    /// the caller stays on the pipeline thread. Cancellation surfaces as <see cref="PipelineStoppedException"/>.
    /// </summary>
    protected T RunAsync<T>(Func<CancellationToken, Task<T>> operation)
    {
        try
        {
            return Task.Run(() => operation(CancellationToken), CancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs an asynchronous engine call that returns nothing; see <see cref="RunAsync{T}"/>.</summary>
    protected void RunAsync(Func<CancellationToken, Task> operation)
    {
        RunAsync<bool>(async token =>
        {
            await operation(token).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Builds an error record whose FullyQualifiedErrorId starts with <paramref name="errorId"/>.</summary>
    protected static ErrorRecord NewError(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
    {
        var record = new ErrorRecord(exception, errorId, category, target);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
        }

        return record;
    }
}
