namespace RspAdmin.HelpBuilder;

/// <summary>What a help build produced, or why it produced nothing.</summary>
/// <param name="Errors">Every problem found in the sources; when not empty, nothing was written.</param>
/// <param name="WrittenFiles">The files written to the output folder.</param>
/// <param name="CommandCount">How many command pages went into the MAML file.</param>
public sealed record HelpCompilation(IReadOnlyList<HelpSourceException> Errors, IReadOnlyList<string> WrittenFiles, int CommandCount)
{
    /// <summary>True when the sources were valid and the files were written.</summary>
    public bool Succeeded => Errors.Count == 0;
}
