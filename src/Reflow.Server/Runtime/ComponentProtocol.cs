using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Server.Runtime;

// CONTRACT SKELETON — H2 (list, getsource, source). Replaced by the helper who owns it; never lands as is.
internal sealed class ComponentProtocol(RuntimeState state) : IFbpProtocolHandler
{
    private readonly RuntimeState _state = state;

    public string Protocol => "component";

    public ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken) =>
        throw new FbpProtocolException($"{Protocol}:{request.Message.Command} is not implemented yet ({_state.Settings.Label}).");
}
