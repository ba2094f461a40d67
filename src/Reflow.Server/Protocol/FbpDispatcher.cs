using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Reflow.Server.Network;
using Reflow.Server.Runtime;

namespace Reflow.Server.Protocol;

/// <summary>
/// Routes each inbound message to its sub-protocol's handler, one at a time (under <see cref="RuntimeState.Gate"/>).
/// Refusals become <c>error</c> messages to the sender on the request's protocol — a wrong secret, an unknown protocol
/// or command, a <see cref="FbpProtocolException"/> from a handler — and the connection stays open.
/// </summary>
internal sealed class FbpDispatcher
{
    private readonly RuntimeState _state;
    private readonly Dictionary<string, IFbpProtocolHandler> _handlers = new(StringComparer.Ordinal);

    public FbpDispatcher(RuntimeState state, IEnumerable<IFbpProtocolHandler> handlers)
    {
        _state = state;
        foreach (IFbpProtocolHandler handler in handlers)
        {
            _handlers.Add(handler.Protocol, handler);
        }
    }

    /// <summary>The runtime's five sub-protocols over <paramref name="state"/>.</summary>
    public static FbpDispatcher Create(RuntimeState state) => new(state,
        [new RuntimeProtocol(state), new GraphProtocol(state), new ComponentProtocol(state), new NetworkProtocol(state), new TraceProtocol(state)]);

    /// <summary>The sub-protocols handled, for <c>runtime</c>'s capabilities.</summary>
    public IEnumerable<string> Protocols => _handlers.Keys;

    /// <summary>Handles one message from <paramref name="client"/>; never throws for anything the message contains.</summary>
    public async ValueTask DispatchAsync(FbpMessage message, IFbpClient client, CancellationToken cancellationToken)
    {
        var request = new FbpRequest(message, client);
        if (!SecretMatches(message.Secret))
        {
            await ErrorAsync(request, "The secret is wrong or missing: this runtime needs the secret it was started with (the protocol's \"secret\").", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!_handlers.TryGetValue(message.Protocol, out IFbpProtocolHandler? handler))
        {
            await ErrorAsync(request, $"Unknown protocol \"{message.Protocol}\"; this runtime speaks {string.Join(", ", _handlers.Keys)}.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await _state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (FbpProtocolException ex)
        {
            await ErrorAsync(request, ex.Message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _state.Gate.Release();
        }
    }

    /// <summary>Answers a message that could not be read at all (it has no protocol to answer on): on <c>runtime</c>.</summary>
    public static ValueTask UnreadableAsync(IFbpClient client, FbpProtocolException problem, CancellationToken cancellationToken) =>
        client.SendAsync("runtime", "error", new JsonObject { ["message"] = problem.Message }, null, cancellationToken);

    private static ValueTask ErrorAsync(FbpRequest request, string message, CancellationToken cancellationToken) =>
        request.ReplyAsync("error", new JsonObject { ["message"] = message }, cancellationToken);

    private bool SecretMatches(string? given)
    {
        string? expected = _state.Settings.Secret;
        if (expected is null)
        {
            return true; // a loopback-only runtime started without a secret
        }

        // Fixed time: how long the comparison takes says nothing about how much of the secret was right.
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }
}
