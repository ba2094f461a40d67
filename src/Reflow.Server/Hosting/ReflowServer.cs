namespace Reflow.Server.Hosting;

/// <summary>CONTRACT SKELETON (H1): the FBP protocol server on Kestrel. Never lands as is.</summary>
public sealed class ReflowServer : IAsyncDisposable
{
    private ReflowServer(Uri url) => Url = url;

    /// <summary>Where clients connect (ws:// or wss://, with the port actually bound).</summary>
    public Uri Url { get; }

    /// <summary>Starts listening.</summary>
    public static Task<ReflowServer> StartAsync(ReflowServerOptions options, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException($"H1: listen on {options.Address}:{options.Port} ({cancellationToken.IsCancellationRequested}).");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
