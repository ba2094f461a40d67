namespace Reflow.Cli;

/// <summary>How results are written.</summary>
internal enum OutputFormat
{
    /// <summary>Lines for people.</summary>
    Text,

    /// <summary>JSON (one document, or JSON lines for <c>run</c>) for programs.</summary>
    Json,
}
