using Microsoft.Extensions.Configuration;

namespace Reflow.Configuration;

/// <summary>
/// The <c>[networking]</c> section of the original: where a node listens and how it talks to the others when one
/// graph runs across machines. Read and checked here so a <c>reflow.toml</c> written for the distributed runtime is
/// accepted as it is; a graph run on one machine (the embedded default, and every <c>reflow run</c>) uses none of it.
/// </summary>
public sealed record NetworkingOptions
{
    /// <summary><c>bind_address</c>: <c>host:port</c> to listen on. Default <c>127.0.0.1:8080</c>.</summary>
    [ConfigurationKeyName("bind_address")]
    public string BindAddress { get; init; } = "127.0.0.1:8080";

    /// <summary><c>compression_enabled</c>: compress frames between machines (LZ4). Default true.</summary>
    [ConfigurationKeyName("compression_enabled")]
    public bool CompressionEnabled { get; init; } = true;

    /// <summary><c>encryption_enabled</c>: encrypt the links between machines. Default true.</summary>
    [ConfigurationKeyName("encryption_enabled")]
    public bool EncryptionEnabled { get; init; } = true;
}
