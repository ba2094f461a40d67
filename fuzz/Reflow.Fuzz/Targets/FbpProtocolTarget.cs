using Reflow.Components;
using Reflow.Networks;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Fuzz.Targets;

/// <summary>
/// The FBP network protocol as a connection hands it to the runtime: each line of the input is one WebSocket message,
/// read by <see cref="FbpMessage.Parse"/> (which may only throw <see cref="FbpProtocolException"/>, answered with the
/// runtime's error reply as the connection does) and dispatched to a fresh runtime with the standard components, whose
/// handlers answer anything wrong with an <c>error</c> reply and never throw.
/// </summary>
/// <remarks>
/// <c>network:start</c> is not dispatched: it runs the graph's components on the thread pool, which would make
/// one input's coverage and allocation depend on timing and leave work running into the next input. The other
/// commands of every sub-protocol are (component:source is refused, as on a runtime started without allowing it).
/// </remarks>
internal sealed class FbpProtocolTarget : FuzzTarget
{
    /// <summary>Enough for a session that adds a graph, nodes, edges and IIPs and then asks about them.</summary>
    private const int MaxMessagesPerInput = 32;

    /// <summary>No handler waits on anything but the runtime's gate, which only this input holds.</summary>
    private static readonly TimeSpan DispatchTimeout = TimeSpan.FromSeconds(10);

    private static readonly ComponentRegistry Components = new ComponentRegistry().AddStandardComponents();

    public override string Name => "fbp-protocol";

    /// <summary>A graph is built node by node from small messages, and every reply is serialized.</summary>
    public override long AllocationPerInputByte => 1024;

    public override void Check(ReadOnlySpan<byte> input)
    {
        var state = new RuntimeState(new RuntimeSettings { RuntimeId = "fuzz" }, Components);
        FbpDispatcher dispatcher = FbpDispatcher.Create(state);
        var client = new ReplyCollectingClient();
        state.AddClient(client);

        int messages = 0;
        while (!input.IsEmpty && messages < MaxMessagesPerInput)
        {
            int end = input.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? input : input[..end];
            input = end < 0 ? [] : input[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            messages++;
            Wait(Handle(line, dispatcher, client), "one message");
        }
    }

    private static ValueTask Handle(ReadOnlySpan<byte> line, FbpDispatcher dispatcher, ReplyCollectingClient client)
    {
        FbpMessage message;
        try
        {
            message = FbpMessage.Parse(line);
        }
        catch (FbpProtocolException problem)
        {
            return FbpDispatcher.UnreadableAsync(client, problem, CancellationToken.None);
        }

        if (message.Protocol == "network" && message.Command == "start")
        {
            return ValueTask.CompletedTask;
        }

        return dispatcher.DispatchAsync(message, client, CancellationToken.None);
    }

    private static void Wait(ValueTask handling, string what)
    {
        if (handling.IsCompletedSuccessfully)
        {
            return;
        }

        Task task = handling.AsTask();
        if (!task.Wait(DispatchTimeout))
        {
            throw new TimeoutException($"The runtime did not finish handling {what} within {DispatchTimeout.TotalSeconds} s.");
        }
    }
}
