// B15, C# side (see b15.c for the cases): the same FBP graphs and message counts, with core/Repeat where b15.c has
// its C pass-through and a C# counting sink where it has its C sink; the host is C# (TryWrite, then WriteAsync when
// the edge is full; TryRead, then WaitToReadAsync). Prints the lines b15.c prints, with "csharp" for "native".
//   b15-csharp MESSAGES_A MESSAGES_B
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Bench.B15;
using Reflow.Components;
using Reflow.Configuration;
using Reflow.Graphs.Formats;
using Reflow.Messages;
using Reflow.Networks;

if (args.Length != 2 || !long.TryParse(args[0], out long messagesA) || !long.TryParse(args[1], out long messagesB)
    || messagesA < BurstActor.Burst || messagesA % BurstActor.Burst != 0 || messagesB < 100)
{
    Console.Error.WriteLine($"usage: b15-csharp MESSAGES_A MESSAGES_B (MESSAGES_A a multiple of {BurstActor.Burst}, MESSAGES_B at least 100)");
    return 2;
}

const string GraphA = "INPORT=burst.in:in\nburst(b15/Burst) out -> in pass(core/Repeat) out -> in sink(b15/Sink)\n";
const string GraphF = "INPORT=pass.in:in\npass(core/Repeat) out -> in sink(b15/Sink)\n";
const string GraphB = "INPORT=pass.in:in\nOUTPORT=pass.out:out\npass(core/Repeat)\n";

ReflowOptions options = ReflowConfiguration.Load();
var totals = new SinkTotals();
ComponentRegistry registry = new ComponentRegistry().AddStandardComponents()
    .Add(Component.FromFactory(new ComponentDescription("b15/Sink", [new PortDefinition("in", PortType.Integer)]), () => new CountingSink(totals)))
    .Add(Component.FromFactory(new ComponentDescription("b15/Burst", [new PortDefinition("in", PortType.Integer)], [new PortDefinition("out", PortType.Integer)]), () => new BurstActor()));

await CaseA(messagesA, ticks: true); // warm-up rounds (the JIT, the pools): not printed
await CaseA(messagesA, ticks: false);
await CaseB(messagesB);

double seconds = await CaseA(messagesA, ticks: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B15 csharp a messages={messagesA} seconds={seconds:0.0000} rate={messagesA / seconds:0}"));
seconds = await CaseA(messagesA, ticks: false);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B15 csharp f messages={messagesA} seconds={seconds:0.0000} rate={messagesA / seconds:0}"));
(seconds, double p50, double p99) = await CaseB(messagesB);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B15 csharp b messages={messagesB} seconds={seconds:0.0000} rate={messagesB / seconds:0} p50_us={p50:0.00} p99_us={p99:0.00}"));
return 0;

Network Load(string graph) =>
    options.CreateNetwork(GraphNetworkLoader.Load(FbpFormat.Read(graph, "b15.fbp"), registry, options.ToGraphLoadOptions()), "b15");

static async Task SendAll(ChannelWriter<Message> input, long messages, bool stamped)
{
    for (long i = 0; i < messages; i++)
    {
        Message message = Message.Integer(stamped ? Stopwatch.GetTimestamp() : i);
        if (!input.TryWrite(message))
        {
            await input.WriteAsync(stamped ? Message.Integer(Stopwatch.GetTimestamp()) : message);
        }
    }

    input.Complete();
}

static void Check(NetworkRunResult result, string which)
{
    if (!result.Completed || result.Failures.Count != 0 || result.DeadLetters != 0)
    {
        throw new InvalidOperationException($"run {which}: completed {result.Completed}, {result.Failures.Count} failures, {result.DeadLetters} dead letters");
    }
}

// (a) with ticks (messages / 256 of them), (f) with every message sent by the host.
async Task<double> CaseA(long messages, bool ticks)
{
    await using Network network = Load(ticks ? GraphA : GraphF);
    totals.Count = 0;
    totals.Sum = 0;
    Task<NetworkRunResult> run = network.RunAsync();
    long start = Stopwatch.GetTimestamp();
    await SendAll(network.Input("in"), ticks ? messages / BurstActor.Burst : messages, stamped: false);
    Check(await run, ticks ? "a" : "f");
    double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
    if (totals.Count != messages || totals.Sum != messages * (messages - 1) / 2)
    {
        throw new InvalidOperationException($"({(ticks ? "a" : "f")}) the sink got {totals.Count} messages summing to {totals.Sum}, expected {messages}");
    }

    return elapsed;
}

async Task<(double Seconds, double P50, double P99)> CaseB(long messages)
{
    await using Network network = Load(GraphB);
    var latencies = new long[messages];
    ChannelReader<Message> output = network.Output("out");
    Task<NetworkRunResult> run = network.RunAsync();
    long lastRead = 0;
    long count = 0;
    Task reader = Task.Run(async () =>
    {
        while (true)
        {
            if (!output.TryRead(out Message message))
            {
                if (!await output.WaitToReadAsync())
                {
                    return;
                }

                continue;
            }

            long read = Stopwatch.GetTimestamp();
            if (count == messages)
            {
                throw new InvalidOperationException("(b) more messages came out than went in");
            }

            latencies[count++] = read - message.AsInteger();
            lastRead = read;
        }
    });
    long start = Stopwatch.GetTimestamp();
    await SendAll(network.Input("in"), messages, stamped: true);
    await reader;
    Check(await run, "b");
    if (count != messages)
    {
        throw new InvalidOperationException($"(b) read {count} messages of {messages}");
    }

    Array.Sort(latencies);
    double ToMicroseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
    return ((lastRead - start) / (double)Stopwatch.Frequency, ToMicroseconds(latencies[messages / 2]), ToMicroseconds(latencies[messages * 99 / 100]));
}
