using Microsoft.Extensions.Configuration;

namespace Reflow.Configuration;

/// <summary>
/// The <c>[runtimes.*]</c> tables: one per script runtime. Reflow for .NET runs JavaScript in-process (the original's
/// <c>[runtimes.deno]</c> becomes <c>[runtimes.javascript]</c>), Python and WebAssembly.
/// </summary>
public sealed record RuntimesOptions
{
    /// <summary><c>[runtimes.javascript]</c>.</summary>
    [ConfigurationKeyName("javascript")]
    public RuntimeOptions JavaScript { get; init; } = new();

    /// <summary><c>[runtimes.python]</c>.</summary>
    [ConfigurationKeyName("python")]
    public RuntimeOptions Python { get; init; } = new();

    /// <summary><c>[runtimes.wasm]</c>.</summary>
    [ConfigurationKeyName("wasm")]
    public RuntimeOptions Wasm { get; init; } = new();
}
