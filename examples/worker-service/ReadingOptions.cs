namespace Reflow.Examples.WorkerService;

/// <summary>The example's own settings (section <c>Readings</c> of appsettings.json), injected into its component.</summary>
public sealed class ReadingOptions
{
    /// <summary>How long the lookup each reading needs takes (standing in for a database or HTTP call).</summary>
    public int LookupDelayMs { get; set; } = 5;
}
