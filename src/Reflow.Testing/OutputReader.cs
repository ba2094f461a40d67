using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>Reads what a network hands the host: an exported out-port to the end, the dead letters kept.</summary>
internal static class OutputReader
{
    /// <summary>Reads <paramref name="port"/> to its end on the thread pool, so the edge never holds the run back.</summary>
    public static Task<List<Message>> ReadAll(Network network, string port) => Task.Run(async () =>
    {
        var items = new List<Message>();
        await foreach (Message item in network.Output(port).ReadAllAsync().ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    });

    /// <summary>The dead letters the network kept, read after its run.</summary>
    public static List<DeadLetter> DeadLetters(Network network)
    {
        var letters = new List<DeadLetter>();
        while (network.DeadLetters.TryRead(out DeadLetter? letter))
        {
            letters.Add(letter);
        }

        return letters;
    }
}
