namespace RspAdmin.HelpBuilder.Model;

/// <summary>How a parameter takes its value from the pipeline.</summary>
[Flags]
public enum PipelineInput
{
    /// <summary>Not from the pipeline.</summary>
    None = 0,

    /// <summary>The pipeline object itself binds.</summary>
    ByValue = 1,

    /// <summary>A property of the pipeline object with the parameter's name (or alias) binds.</summary>
    ByPropertyName = 2,
}
