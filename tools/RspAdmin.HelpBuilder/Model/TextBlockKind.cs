namespace RspAdmin.HelpBuilder.Model;

/// <summary>What a block of help text is, which decides how it is laid out.</summary>
public enum TextBlockKind
{
    /// <summary>Running text, re-flowed by the reader.</summary>
    Paragraph,

    /// <summary>One item of a bulleted or numbered list; its marker is part of the text.</summary>
    ListItem,

    /// <summary>Preformatted text (a fenced or indented code block), kept line for line.</summary>
    Code,
}
