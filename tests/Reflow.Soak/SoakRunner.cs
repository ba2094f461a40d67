namespace Reflow.Soak;

/// <summary>
/// Runs graphs until the duration is over (or the one graph of <see cref="SoakOptions.Seed"/>), checking each one's
/// ledger and, after the warm-up graphs, the process's bounds: GC heap and RSS, threads and file descriptors back to
/// the baseline within their slack, and no Python worker left behind.
/// </summary>
internal sealed class SoakRunner(SoakOptions options, TextWriter output)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);

    public async Task<SoakSummary> RunAsync()
    {
        int master = options.MasterSeed ?? Environment.TickCount;
        var summary = new SoakSummary { MasterSeed = master };
        var seeds = new Random(master);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        output.WriteLine(options.Seed is { } only
            ? $"soak: replaying seed {only}"
            : $"soak: master seed {master}, {options.Duration.TotalSeconds:0} s; bounds: heap {options.MaxHeapBytes >> 20} MB, RSS {options.MaxRssBytes >> 20} MB, " +
              $"threads +{options.ThreadSlack}, fds +{options.HandleSlack} over the baseline after {options.WarmupGraphs} graphs");
        using var sampler = new Timer(_ => Sample(summary), null, SampleEvery, SampleEvery);
        while (options.Seed is not null || clock.Elapsed < options.Duration)
        {
            int seed = options.Seed ?? seeds.Next();
            var found = new List<Violation>();
            string described;
            if (options.Distributed)
            {
                var round = new Distributed.DistributedRound(seed, options, options.NatsServer, options.ReflowDll);
                var faults = new FaultCounts();
                found.AddRange(await round.RunAsync(faults));
                summary.AddGraph(round.Messages, faults);
                described = $"distributed round: {round.Messages} messages, faults: {faults}";
            }
            else
            {
                GraphPlan plan = GraphGenerator.Create(seed, options);
                var run = new GraphRun(plan, options);
                found.AddRange(await run.RunAsync());
                summary.AddGraph(run.Messages, run.Faults);
                described = $"{plan.Describe()}; {run.Messages} messages, faults: {run.Faults}";
            }

            found.AddRange(await CheckBoundsAsync(summary, seed));
            foreach (Violation violation in found)
            {
                summary.Add(violation);
                output.WriteLine(violation);
            }

            if (!options.Quiet || found.Count > 0)
            {
                output.WriteLine($"graph {summary.Graphs} seed {seed}: {described}");
            }

            if (options.Seed is not null)
            {
                break;
            }
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private void Sample(SoakSummary summary)
    {
        try
        {
            summary.Observe(ProcessProbe.Now(), settled: false);
        }
        catch (IOException)
        {
            // /proc raced with a thread or descriptor going away: the next sample reads it
        }
    }

    private async Task<List<Violation>> CheckBoundsAsync(SoakSummary summary, int seed)
    {
        var found = new List<Violation>();
        ResourceSample? baseline = summary.Baseline;
        // Threads, descriptors and workers go away asynchronously (pools retire, processes are reaped): wait, boundedly.
        var settle = System.Diagnostics.Stopwatch.StartNew();
        ResourceSample now = ProcessProbe.Settled();
        while (settle.Elapsed < options.SettleTimeout && !WithinSlack(now, baseline))
        {
            await Task.Delay(100);
            now = ProcessProbe.Settled();
        }

        summary.Observe(now, settled: true);
        if (now.Workers > 0)
        {
            found.Add(new Violation(seed, "workers", $"{now.Workers} Python worker process(es) still running {options.SettleTimeout.TotalSeconds:0} s after the graph ended"));
        }

        if (baseline is { } b && now.Threads > b.Threads + options.ThreadSlack)
        {
            found.Add(new Violation(seed, "threads", $"{now.Threads} threads after the graph, baseline {b.Threads} + slack {options.ThreadSlack}"));
        }

        if (baseline is { } c && now.Handles > c.Handles + options.HandleSlack)
        {
            found.Add(new Violation(seed, "handles", $"{now.Handles} file descriptors after the graph, baseline {c.Handles} + slack {options.HandleSlack}"));
        }

        if (now.HeapBytes > options.MaxHeapBytes)
        {
            found.Add(new Violation(seed, "heap", $"GC heap {now.HeapBytes >> 20} MB after a full collection, bound {options.MaxHeapBytes >> 20} MB"));
        }

        if (summary.Graphs > options.WarmupGraphs && summary.PeakRss > options.MaxRssBytes)
        {
            found.Add(new Violation(seed, "rss", $"resident set peaked at {summary.PeakRss >> 20} MB, bound {options.MaxRssBytes >> 20} MB"));
        }

        if (baseline is null && summary.Graphs >= options.WarmupGraphs && options.Seed is null)
        {
            summary.Baseline = now;
            output.WriteLine($"soak: baseline after {summary.Graphs} graph(s): {now}");
        }

        return found;
    }

    private bool WithinSlack(ResourceSample now, ResourceSample? baseline) =>
        now.Workers == 0 && (baseline is not { } b || (now.Threads <= b.Threads + options.ThreadSlack && now.Handles <= b.Handles + options.HandleSlack));
}
