using System.Threading.Channels;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Distributed.Transport;

/// <summary>A part network's exported in-port (<c>_remote&lt;k&gt;</c>) as the target of a remote edge.</summary>
internal sealed class NetworkEdgeTarget : IRemoteEdgeTarget
{
    // The port's writer, looked up once: Network.TrySend would look the name up for every message.
    private readonly ChannelWriter<Message> _input;

    /// <exception cref="ArgumentException">The network has no exported in-port <paramref name="exportName"/>.</exception>
    public NetworkEdgeTarget(Network network, string exportName)
    {
        ArgumentNullException.ThrowIfNull(network);
        _input = network.Input(exportName);
    }

    public bool TrySend(in Message message) => _input.TryWrite(message);

    public ValueTask SendAsync(Message message, CancellationToken cancellationToken) => _input.WriteAsync(message, cancellationToken);

    public void Complete() => _input.TryComplete();
}
