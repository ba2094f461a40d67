using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Server.Network;

// CONTRACT SKELETON — H3 (start, stop, dump, clear). Replaced by the helper who owns it; never lands as is.
internal sealed class TraceProtocol(RuntimeState state) : IFbpProtocolHandler
{
    private readonly RuntimeState _state = state;

    public string Protocol => "trace";

    public ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken) =>
        throw new FbpProtocolException($"{Protocol}:{request.Message.Command} is not implemented yet ({_state.Settings.Label}).");
}
