using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Server.Network;

// CONTRACT SKELETON — H3 (start, stop, getstatus, debug, edges, events). Replaced by the helper who owns it; never lands as is.
internal sealed class NetworkProtocol(RuntimeState state) : IFbpProtocolHandler
{
    private readonly RuntimeState _state = state;

    public string Protocol => "network";

    public ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken) =>
        throw new FbpProtocolException($"{Protocol}:{request.Message.Command} is not implemented yet ({_state.Settings.Label}).");
}
