// A host that runs a graph file: graph.fbp names a standard component and one of this program's own (Exclaim.cs).
// The arguments are the lines to send (two greetings when there are none): dotnet run -- "some text" "more text"
using Company.Host;
using Reflow.Actors;
using Reflow.Components;
using Reflow.Configuration;
using Reflow.Messages;
using Reflow.Networks;

// The options the reflow CLI reads: defaults, then REFLOW_* environment variables.
ReflowOptions options = ReflowConfiguration.Load();
ComponentRegistry registry = new ComponentRegistry().AddStandardComponents().Add<Exclaim>();

// Loading checks the whole graph (components, ports, types) and throws with every problem it found.
NetworkDefinition definition = GraphNetworkLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "graph.fbp"), registry);

await using Network network = options.CreateNetwork(definition, "Company.Host");
Task<NetworkRunResult> run = network.RunAsync();
Task printing = PrintAll(network, "shouted");

foreach (string line in args.Length > 0 ? args : ["hello", "reflow"])
{
    await network.SendAsync("lines", Message.String(line)); // waits while the edge is full: backpressure, never a drop
}

network.CompleteInput("lines");
NetworkRunResult result = await run; // when every message is handled
await printing;

Console.WriteLine($"{result.Messages} messages, {result.Errors} errors");
foreach (ActorFailure failure in result.Failures.Take(5))
{
    Console.Error.WriteLine(failure); // node, port, message, and whether the graph caught it
}

return result.HasUnhandledFailures ? 1 : 0;

static async Task PrintAll(Network network, string port)
{
    await foreach (Message message in network.Output(port).ReadAllAsync())
    {
        Console.WriteLine($"{port}: {message.AsString()}");
    }
}
