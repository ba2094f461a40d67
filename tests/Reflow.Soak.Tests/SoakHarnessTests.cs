using System.Collections.Concurrent;

namespace Reflow.Soak.Tests;

/// <summary>
/// The soak harness itself: a short seeded soak over every runtime passes, and deliberately broken relays make it fail
/// with the violation named — a relay that swallows a message, one that leaks threads, one that leaks memory.
/// </summary>
public sealed class SoakHarnessTests
{
    /// <summary>Short runs: a few graphs each, a short settle time for the leak checks.</summary>
    private static readonly SoakOptions Short = new()
    {
        MasterSeed = 22,
        Duration = TimeSpan.FromSeconds(4),
        WarmupGraphs = 1,
        SettleTimeout = TimeSpan.FromSeconds(2),
        MaxMessagesPerSource = 600,
        Quiet = true,
    };

    /// <summary>C# nodes only: the broken relays are C#, and these runs stay quick.</summary>
    private static readonly SoakOptions ShortCSharp = Short with { JavaScript = false, Python = false, Wasm = false };

    [Fact]
    public async Task A_short_seeded_soak_over_every_runtime_passes_and_injects_faults()
    {
        (SoakSummary summary, string output) = await RunAsync(Short);

        Assert.True(summary.Passed, output);
        Assert.True(summary.Graphs >= 2, output);
        Assert.True(summary.Messages > 1000, output);
        Assert.True(summary.Faults.Total > 0, output);
        Assert.True(summary.PeakRss > 0 && summary.PeakThreads > 0 && summary.PeakHandles > 0, output);
    }

    [Fact]
    public async Task A_seed_replays_the_same_graph()
    {
        GraphPlan first = GraphGenerator.Create(1234, Short);
        GraphPlan again = GraphGenerator.Create(1234, Short);

        Assert.Equal(first.Describe(), again.Describe());
        Assert.Equal(first.Connections, again.Connections);
        Assert.Equal(first.Nodes.SelectMany(n => n.Messages), again.Nodes.SelectMany(n => n.Messages));
        (SoakSummary summary, string output) = await RunAsync(Short with { Seed = 1234 });
        Assert.Equal(1, summary.Graphs);
        Assert.True(summary.Passed, output);
        Assert.Contains("seed 1234", output);
    }

    [Fact]
    public async Task A_relay_that_swallows_a_message_fails_the_soak_naming_the_edge_and_the_message()
    {
        var swallowed = new ConcurrentQueue<(int Seed, string Node, string Id)>();
        (SoakSummary summary, string output) = await RunAsync(ShortCSharp with { RelayFactory = state => new SwallowingRelay(state, swallowed) });

        Assert.False(summary.Passed, output);
        Assert.NotEmpty(swallowed);
        foreach ((int seed, string node, string id) in swallowed)
        {
            // Named on the edge into the relay that swallowed it (directly or through a script), with its seed.
            Assert.Contains(summary.Violations, v => v.Seed == seed && v.Kind == "unaccounted" &&
                System.Text.RegularExpressions.Regex.IsMatch(v.Detail, $@"edge '\S+ -> {node}': .*\b{System.Text.RegularExpressions.Regex.Escape(id)}\b"));
        }

        // Nothing else: each violation is one edge into a swallowing relay, its message among the swallowed.
        Assert.All(summary.Violations, v => Assert.Contains(swallowed, s => s.Seed == v.Seed && v.Detail.Contains($" -> {s.Node}': ", StringComparison.Ordinal)));
        Assert.Contains("VIOLATION seed", output);
    }

    [Fact]
    public async Task A_relay_that_leaks_threads_fails_the_soak_with_a_thread_violation()
    {
        using var leak = new ThreadLeak();
        (SoakSummary summary, string output) = await RunAsync(ShortCSharp with { RelayFactory = state => new ThreadLeakingRelay(state, leak) });

        Assert.False(summary.Passed, output);
        Assert.Contains(summary.Violations, v => v.Kind == "threads");
        Assert.DoesNotContain(summary.Violations, v => v.Kind is "unaccounted" or "duplicated" or "phantom");
    }

    [Fact]
    public async Task A_relay_that_leaks_memory_fails_the_soak_with_a_heap_violation()
    {
        var kept = new ConcurrentBag<byte[]>();
        (SoakSummary summary, string output) = await RunAsync(ShortCSharp with
        {
            MaxHeapBytes = 128L << 20,
            RelayFactory = state => new MemoryLeakingRelay(state, kept),
        });
        kept.Clear();

        Assert.False(summary.Passed, output);
        Assert.Contains(summary.Violations, v => v.Kind == "heap");
        Assert.DoesNotContain(summary.Violations, v => v.Kind is "unaccounted" or "duplicated" or "phantom");
    }

    private static async Task<(SoakSummary Summary, string Output)> RunAsync(SoakOptions options)
    {
        using var output = new StringWriter();
        SoakSummary summary = await new SoakRunner(options, output).RunAsync();
        output.WriteLine(summary.Line());
        return (summary, output.ToString());
    }
}
