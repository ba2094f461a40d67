// A host exporting Reflow's metrics and traces with the OpenTelemetry .NET SDK: metrics to the console and to a
// Prometheus scrape endpoint on 127.0.0.1, traces (message tracing on, every trace sampled) to the console. It runs a
// small graph, scrapes its own endpoint before it exits (so CI can check what Prometheus would see) and exits 0 when
// the scrape has the edge counters. Run it with: dotnet run --project examples/opentelemetry [-- --port 9464]
// See docs/observability.md for every instrument and span.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Reflow.Actors;
using Reflow.Examples.OpenTelemetry;
using Reflow.Messages;
using Reflow.Networks;

int port = args is ["--port", string given] ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture) : FreeLoopbackPort();
string endpoint = $"http://127.0.0.1:{port}/";
using var hostSource = new ActivitySource("Reflow.Examples.OpenTelemetry");

using MeterProvider meters = Sdk.CreateMeterProviderBuilder()
    .ConfigureResource(resource => resource.AddService("reflow-opentelemetry-example"))
    .AddMeter(Network.MeterName)
    // Exported once, by the flush before exit (a long interval keeps a periodic export out of the output).
    .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000)
    .AddPrometheusHttpListener(options =>
    {
        options.Host = "127.0.0.1"; // loopback only
        options.Port = port;
    })
    .Build();
using TracerProvider traces = Sdk.CreateTracerProviderBuilder()
    .ConfigureResource(resource => resource.AddService("reflow-opentelemetry-example"))
    .AddSource(Network.ActivitySourceName, hostSource.Name)
    .SetSampler(new AlwaysOnSampler())
    .AddConsoleExporter()
    .Build();

// values → square → check → results. "check" refuses squares over 100 and is stopped by its policy at the first
// (121): what follows becomes a dead letter. Host edges of two credits and a slow reader make the producers wait:
// backpressure stalls. Every instrument then has something to say.
NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 2)
    .AddNode("square", ExampleComponents.Square)
    .AddNode("check", ExampleComponents.AtMost(100))
    .Supervise("check", new SupervisionPolicy { Action = FailureAction.Stop })
    .Connect("square", "out", "check", "in")
    .ExportInPort("values", "square", "in")
    .ExportOutPort("results", "check", "out")
    .Build(_ => null);

await using Network network = Network.Create(definition, new NetworkOptions { Name = "opentelemetry-example", TraceMessages = true, HostEdgeCapacity = 2 });
Task<NetworkRunResult> run = network.RunAsync();
Task<int> reader = ReadSlowly(network);

for (long value = 1; value <= 12; value++)
{
    if (value <= 3)
    {
        // A traced send: the message carries this span's context, and each node that handles it adds a child span.
        using Activity? send = hostSource.StartActivity("example.send");
        send?.SetTag("example.value", value);
        Console.WriteLine($"sent {value} in trace {send?.TraceId}");
        await network.SendAsync("values", Message.Integer(value));
    }
    else
    {
        await network.SendAsync("values", Message.Integer(value));
    }
}

network.CompleteInput("values");
NetworkRunResult result = await run;
int read = await reader;
Console.WriteLine($"run: {result.Messages} messages, {read} results, {result.Errors} errors, {result.DeadLetters} dead letters");

// What Prometheus would scrape, while the network (and so its meter) is still alive.
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
string scrape = await http.GetStringAsync(new Uri(endpoint + "metrics"));
string[] edgeLines = [.. scrape.Split('\n').Where(line => line.StartsWith("reflow_edge_messages", StringComparison.Ordinal))];
foreach (string line in edgeLines)
{
    Console.WriteLine($"scrape: {line}");
}

meters.ForceFlush(); // the console exporter prints every metric now
traces.ForceFlush();
if (edgeLines.Length == 0)
{
    Console.Error.WriteLine($"The scrape of {endpoint}metrics had no reflow_edge_messages lines:\n{scrape}");
    return 1;
}

return 0;

// Reads the results one by one, slower than they come, with the trace context each carried.
static async Task<int> ReadSlowly(Network network)
{
    int count = 0;
    await foreach (Message message in network.Output("results").ReadAllAsync())
    {
        ActivityContext context = network.LastReadTraceContext("results");
        Console.WriteLine(context == default ? $"result {message.AsInteger()}" : $"result {message.AsInteger()} from span {context.SpanId} of trace {context.TraceId}");
        count++;
        await Task.Delay(20);
    }

    return count;
}

static int FreeLoopbackPort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}
