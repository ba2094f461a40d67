using Microsoft.Extensions.Logging;

namespace Reflow.Hosting.Tests;

/// <summary>One log entry as the provider saw it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Text, Exception? Exception, IReadOnlyDictionary<string, object?> Properties)
{
    public object? this[string property] => Properties.GetValueOrDefault(property);
}
