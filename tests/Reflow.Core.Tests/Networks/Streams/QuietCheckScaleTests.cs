using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Streams;

/// <summary>
/// The quiet check that ends a cycle's streams, one cell per quiet moment, looks at each cell a bounded number of times
/// over the whole run: a network of many small cycles (B8's static tree has 1.1 M cells, each in a cycle with its
/// parent) must end in work linear in its size, not the square of it.
/// </summary>
public sealed class QuietCheckScaleTests
{
    private static readonly ComponentDescription s_link = new(
        "test/Link", [new("in"), new("back")], [new("out"), new("back")]);

    [Fact]
    public async Task A_chain_of_cycles_ends_with_each_cell_looked_at_a_few_times()
    {
        const int cells = 3_000;
        // c0 ⇄ c1 ⇄ … ⇄ c2999: each link waits for both neighbours, so none can finish until the quiet check ends it,
        // and each forced end lets the next link only reach the next quiet moment: 3 000 quiet moments.
        var builder = new NetworkBuilder(defaultEdgeCapacity: 2);
        var closed = 0;
        Component link = Component.FromFactory(s_link, () => new Link(() => Interlocked.Increment(ref closed)));
        for (int i = 0; i < cells; i++)
        {
            builder.AddNode($"c{i}", link);
        }

        for (int i = 0; i + 1 < cells; i++)
        {
            builder.Connect($"c{i}", "out", $"c{i + 1}", "in").Connect($"c{i + 1}", "back", $"c{i}", "back");
        }

        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(TestComponents.HangLimit);

        Assert.Equal(0, result.Errors);
        Assert.Equal(cells, closed); // every link heard its inputs close
        Assert.InRange(network.QuietCellsVisited, cells, 4L * cells); // looking from the start each time: ~4.5 M
    }

    private sealed class Link(Action closed) : Actor
    {
        public override void Receive(ActorContext context)
        {
        }

        public override void OnInputsClosed(ActorContext context) => closed();
    }
}
