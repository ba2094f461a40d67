using Reflow.Distributed.Partitioning;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Distributed.Tests.Partitioning;

/// <summary>
/// Runs a partition in this process: each part graph goes through Reflow JSON (as it would to its cluster node),
/// loads into its own network, and every remote edge is bridged from the sender's <c>Output("_remote&lt;k&gt;")</c>
/// to the receiver's <c>Input("_remote&lt;k&gt;")</c> — the transport without the wire, so a test can compare the
/// result of the split graph with the whole graph's.
/// </summary>
internal static class PartitionedRun
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <summary>Each exported out-port's messages (as JSON), after feeding each exported in-port its inputs.</summary>
    public static async Task<Dictionary<string, List<string>>> RunAsync(
        GraphPartition partition, ComponentRegistry registry, GraphLoadOptions options, IReadOnlyDictionary<string, Message[]> inputs)
    {
        var networks = new Dictionary<string, Network>(StringComparer.Ordinal);
        try
        {
            foreach (GraphPart part in partition.Parts)
            {
                Graph graph = GraphFile.Read(part.ToJson(), GraphFormat.ReflowJson);
                networks[part.ClusterNode] = Network.Create(GraphNetworkLoader.Load(graph, registry, options), new NetworkOptions { WorkerCount = 2 });
            }

            List<Task<NetworkRunResult>> runs = [.. networks.Values.Select(n => n.RunAsync())];
            var work = new List<Task>();
            var outputs = new Dictionary<string, Task<List<string>>>(StringComparer.Ordinal);
            foreach (RemoteEdge edge in partition.Edges)
            {
                if (edge.FromPart == RemoteEdge.Coordinator)
                {
                    Network to = networks[edge.ToPart];
                    Message[] messages = inputs.TryGetValue(edge.From, out Message[]? m) ? m : [];
                    work.Add(Task.Run(async () =>
                    {
                        foreach (Message message in messages)
                        {
                            await to.SendAsync(edge.ExportName, message);
                        }

                        to.CompleteInput(edge.ExportName);
                    }));
                }
                else if (edge.ToPart == RemoteEdge.Coordinator)
                {
                    Network from = networks[edge.FromPart];
                    outputs[edge.To] = Task.Run(async () =>
                    {
                        var items = new List<string>();
                        await foreach (Message message in from.Output(edge.ExportName).ReadAllAsync())
                        {
                            items.Add(MessageJson.ToJson(message));
                        }

                        return items;
                    });
                }
                else
                {
                    Network from = networks[edge.FromPart], to = networks[edge.ToPart];
                    work.Add(Task.Run(async () =>
                    {
                        await foreach (Message message in from.Output(edge.ExportName).ReadAllAsync())
                        {
                            await to.SendAsync(edge.ExportName, message);
                        }

                        to.CompleteInput(edge.ExportName);
                    }));
                }
            }

            await Task.WhenAll(work).WaitAsync(HangLimit);
            await Task.WhenAll(runs).WaitAsync(HangLimit);
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach ((string port, Task<List<string>> reading) in outputs)
            {
                result[port] = await reading.WaitAsync(HangLimit);
            }

            return result;
        }
        finally
        {
            foreach (Network network in networks.Values)
            {
                await network.DisposeAsync();
            }
        }
    }

    /// <summary>The whole graph in one network, for comparison.</summary>
    public static async Task<Dictionary<string, List<string>>> RunWholeAsync(
        Graph graph, ComponentRegistry registry, GraphLoadOptions options, IReadOnlyDictionary<string, Message[]> inputs)
    {
        await using Network network = Network.Create(GraphNetworkLoader.Load(graph, registry, options), new NetworkOptions { WorkerCount = 2 });
        Task<NetworkRunResult> run = network.RunAsync();
        var outputs = graph.OutPorts.ToDictionary(p => p.Name, p => Task.Run(async () =>
        {
            var items = new List<string>();
            await foreach (Message message in network.Output(p.Name).ReadAllAsync())
            {
                items.Add(MessageJson.ToJson(message));
            }

            return items;
        }), StringComparer.Ordinal);
        foreach (ExportedPort port in graph.InPorts)
        {
            foreach (Message message in inputs.TryGetValue(port.Name, out Message[]? m) ? m : [])
            {
                await network.SendAsync(port.Name, message);
            }

            network.CompleteInput(port.Name);
        }

        await run.WaitAsync(HangLimit);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach ((string port, Task<List<string>> reading) in outputs)
        {
            result[port] = await reading.WaitAsync(HangLimit);
        }

        return result;
    }
}
