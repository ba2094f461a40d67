using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Server.Runtime;

// CONTRACT SKELETON — H2 (getruntime, ports, packet). Replaced by the helper who owns it; never lands as is.
internal sealed class RuntimeProtocol(RuntimeState state) : IFbpProtocolHandler
{
    private readonly RuntimeState _state = state;

    public string Protocol => "runtime";

    public ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken) =>
        throw new FbpProtocolException($"{Protocol}:{request.Message.Command} is not implemented yet ({_state.Settings.Label}).");
}
