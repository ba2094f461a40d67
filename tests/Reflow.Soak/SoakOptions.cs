using System.Globalization;

namespace Reflow.Soak;

/// <summary>What a soak run does and the bounds it holds the process to; <see cref="Parse"/> reads the command line.</summary>
internal sealed record SoakOptions
{
    public const string Usage = """
        Reflow.Soak: random seeded graphs (C#, JavaScript, WebAssembly, Python nodes) under random faults, with a ledger
        of every message and bounds on memory, threads, file descriptors and Python workers. Exit code 1 on any violation.

          --duration <time>        run graphs until this much time has passed (180s, 10m, 1h; default 180s)
          --seed <n>               replay the one graph of this seed (as printed), then stop
          --report <path>          write a markdown summary there (e.g. perf-reports/<date>-<commit>-soak.md)
          --max-heap-mb <n>        bound on the GC heap after a full collection (default 128; measured peak ~12)
          --max-rss-mb <n>         bound on the process's resident set (default 512; measured peak ~145)
          --thread-slack <n>       threads allowed above the warmed-up baseline after a graph (default 24)
          --handle-slack <n>       file descriptors allowed above the baseline after a graph (default 48)
          --max-messages <n>       most messages per source (default 2000)
          --no-python, --no-javascript, --no-wasm   leave that runtime out
          --quiet                  print only violations and the summary
          --distributed            instead of local graphs: rounds of two `reflow node` processes on a nats-server on
                                   127.0.0.1, one killed mid-run (at-least-once: every message must arrive once)
          --reflow-dll <path>      the CLI for --distributed (default: src/Reflow.Cli's Release build)
          --nats-server <path>     nats-server for --distributed (default: found in /usr/sbin, /usr/bin, /usr/local/bin)
        """;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>When set, only the graph of this seed runs.</summary>
    public int? Seed { get; init; }

    /// <summary>The first graph's seed is drawn from this one; by default from the clock (printed).</summary>
    public int? MasterSeed { get; init; }

    public string? ReportPath { get; init; }

    public long MaxHeapBytes { get; init; } = 128L << 20;

    public long MaxRssBytes { get; init; } = 512L << 20;

    public int ThreadSlack { get; init; } = 24;

    public int HandleSlack { get; init; } = 48;

    public int MaxMessagesPerSource { get; init; } = 2000;

    /// <summary>The largest share of a source's messages that carry a fault (each source draws its own, up to this).</summary>
    public double MaxFaultRate { get; init; } = 0.05;

    public bool JavaScript { get; init; } = true;

    public bool Python { get; init; } = true;

    public bool Wasm { get; init; } = true;

    public bool Cancellations { get; init; } = true;

    public bool Quiet { get; init; }

    /// <summary>Run distributed rounds (<see cref="Distributed.DistributedRound"/>) instead of local graphs.</summary>
    public bool Distributed { get; init; }

    public string ReflowDll { get; init; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Reflow.Cli/bin/Release/net10.0/reflow.dll"));

    public string NatsServer { get; init; } =
        new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server" }.FirstOrDefault(File.Exists) ?? "nats-server";

    /// <summary>Graphs run before the baseline of threads, handles and memory is taken (each runtime warms up).</summary>
    public int WarmupGraphs { get; init; } = 3;

    /// <summary>How long one graph may run (and then wait for its helpers) before it is reported as hung.</summary>
    public TimeSpan GraphTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after a graph the thread, handle and worker counts may take to come back to their bounds.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>For the harness's own tests: makes each C# relay (a deliberately broken one), or null for the real one.</summary>
    public Func<GraphState, SoakRelay>? RelayFactory { get; init; }

    public ScriptComponents Scripts { get; init; } = ScriptComponents.Default;

    /// <summary>Reads the command line; throws <see cref="ArgumentException"/> naming the bad argument.</summary>
    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            options = arg switch
            {
                "--duration" => options with { Duration = ParseTime(arg, Value()) },
                "--seed" => options with { Seed = ParseInt(arg, Value(), int.MinValue) },
                "--master-seed" => options with { MasterSeed = ParseInt(arg, Value(), int.MinValue) },
                "--report" => options with { ReportPath = Value() },
                "--max-heap-mb" => options with { MaxHeapBytes = (long)ParseInt(arg, Value(), 1) << 20 },
                "--max-rss-mb" => options with { MaxRssBytes = (long)ParseInt(arg, Value(), 1) << 20 },
                "--thread-slack" => options with { ThreadSlack = ParseInt(arg, Value(), 0) },
                "--handle-slack" => options with { HandleSlack = ParseInt(arg, Value(), 0) },
                "--max-messages" => options with { MaxMessagesPerSource = ParseInt(arg, Value(), 50) },
                "--no-python" => options with { Python = false },
                "--no-javascript" => options with { JavaScript = false },
                "--no-wasm" => options with { Wasm = false },
                "--quiet" => options with { Quiet = true },
                "--distributed" => options with { Distributed = true },
                "--reflow-dll" => options with { ReflowDll = Value() },
                "--nats-server" => options with { NatsServer = Value() },
                _ => throw new ArgumentException($"Unknown argument '{arg}'."),
            };
        }

        return options;
    }

    /// <summary>"180s", "10m", "1h", "500ms" or a number of seconds.</summary>
    public static TimeSpan ParseTime(string name, string text)
    {
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0
            ? TimeSpan.FromSeconds(value * scale)
            : throw new ArgumentException($"{name} expects a positive time such as 180s, 10m or 1h, not '{text}'.");
    }

    private static int ParseInt(string name, string text, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min
            ? value
            : throw new ArgumentException($"{name} expects a whole number of at least {min}, not '{text}'.");
}
