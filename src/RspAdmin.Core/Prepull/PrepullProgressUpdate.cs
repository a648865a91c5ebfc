namespace RspAdmin.Core.Prepull;

/// <summary>One progress bar to draw: the overall bar, or one node's bar.</summary>
/// <param name="Step">The latest step the bar shows.</param>
/// <param name="IsOverall">True for the overall bar, false for the bar of <see cref="PrepullProgress.NodeName"/>.</param>
/// <param name="Completes">True when the bar is to be removed (the node is done, or the run ended).</param>
public sealed record PrepullProgressUpdate(PrepullProgress Step, bool IsOverall, bool Completes);
