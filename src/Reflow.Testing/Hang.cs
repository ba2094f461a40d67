using System.Text;
using Reflow.Actors;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>Turns a wait that passed the hang limit into a failure that shows where the network stood.</summary>
internal static class Hang
{
    public static async Task<T> Guard<T>(Task<T> task, Network network, TimeSpan limit, string what)
    {
        try
        {
            return await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ReflowAssertionException($"Waited {limit.TotalSeconds:0.#} s for {what}; the network is stuck.\n{Describe(network)}");
        }
    }

    public static async Task Guard(Task task, Network network, TimeSpan limit, string what)
    {
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ReflowAssertionException($"Waited {limit.TotalSeconds:0.#} s for {what}; the network is stuck.\n{Describe(network)}");
        }
    }

    /// <summary>Every node's state and every edge's queue, from a snapshot.</summary>
    public static string Describe(Network network)
    {
        NetworkSnapshot snapshot = network.GetSnapshot();
        var text = new StringBuilder("Nodes:\n");
        foreach (NodeSnapshot node in snapshot.Nodes)
        {
            text.Append($"  {node.Id}: {node.State}, {node.Invocations} call(s), {node.Errors} error(s)\n");
        }

        text.Append("Edges:\n");
        foreach (EdgeSnapshot edge in snapshot.Edges)
        {
            text.Append($"  {edge.Id}: {edge.Messages} handled, {edge.Queued} queued\n");
        }

        return text.Append($"Dead letters: {snapshot.DeadLetters}").ToString();
    }

    public static bool IsBusy(ActorState state) => state == ActorState.Processing;
}
