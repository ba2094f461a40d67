// Embedding Reflow in a host program: a network built in code from a component of our own and a standard one,
// fed from the host, its results read back. Run it with: dotnet run --project examples/embedding
using Reflow.Actors;
using Reflow.Components;
using Reflow.Configuration;
using Reflow.Examples.Embedding;
using Reflow.Messages;
using Reflow.Networks;

// The same options the reflow CLI reads: defaults, then REFLOW_* environment variables (a reflow.toml path could be given too).
ReflowOptions options = ReflowConfiguration.Load();

ComponentRegistry registry = new ComponentRegistry().AddStandardComponents().Add<ToFahrenheit>();

NetworkDefinition definition = new NetworkBuilder(options.ActorSystem.MessageBufferSize)
    .AddNode("convert", registry.FindComponent("example/ToFahrenheit")!)
    .AddNode("classify", registry.FindComponent("flow/Branch")!, MessageObject.Create(new KeyValuePair<string, Message>("condition", Message.String("value >= 80"))))
    .Connect("convert", "out", "classify", "in")
    .ExportInPort("celsius", "convert", "in")
    .ExportOutPort("hot", "classify", "true")
    .ExportOutPort("mild", "classify", "false")
    .Build(); // NetworkValidationException lists every problem

await using Network network = options.CreateNetwork(definition, "embedding");
Task<NetworkRunResult> run = network.RunAsync();
Task<List<double>> hot = ReadAll(network, "hot");
Task<List<double>> mild = ReadAll(network, "mild");

foreach (double celsius in new[] { 12.0, 31.5, 27.0, 40.1, -3.0, 26.7 })
{
    await network.SendAsync("celsius", Message.Float(celsius)); // waits while the edge is full: backpressure, never a drop
}

network.CompleteInput("celsius");
NetworkRunResult result = await run; // when every message is handled

Console.WriteLine($"hot  (°F): {string.Join(", ", await hot)}");
Console.WriteLine($"mild (°F): {string.Join(", ", await mild)}");
Console.WriteLine($"{result.Messages} messages over {result.Edges.Count} edges in {result.Elapsed.TotalMilliseconds:0.0} ms, {result.Errors} errors");
foreach (ActorFailure failure in result.Failures.Take(5))
{
    Console.Error.WriteLine(failure); // node, port, message, and whether the graph caught it
}

return result.HasUnhandledFailures ? 1 : 0; // a failure nothing in the graph handled fails the run

static async Task<List<double>> ReadAll(Network network, string port)
{
    var values = new List<double>();
    await foreach (Message message in network.Output(port).ReadAllAsync())
    {
        values.Add(message.AsFloat());
    }

    return values;
}
