using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests;

/// <summary>
/// Runs one standard component as the only node of a network: the in-ports a test feeds are exported and fed in
/// order, port after port, then completed; every out-port is exported and read to the end.
/// </summary>
internal sealed class ComponentRun
{
    /// <summary>How long a test waits before it calls a run hung: a failure, never a synchronisation.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, List<Message>> _outputs;

    private ComponentRun(Dictionary<string, List<Message>> outputs, NetworkRunResult result)
    {
        _outputs = outputs;
        Result = result;
    }

    /// <summary>The run's statistics.</summary>
    public NetworkRunResult Result { get; }

    /// <summary>The node's statistics.</summary>
    public NodeStatistics Node => Result.Nodes.Single(n => n.Id == "node");

    /// <summary>Everything the node emitted on <paramref name="port"/>, in order.</summary>
    public IReadOnlyList<Message> this[string port] => _outputs[port];

    /// <summary>The texts of the Error messages on the node's <c>error</c> port.</summary>
    public IReadOnlyList<string> Errors => [.. _outputs["error"].Select(m => m.AsError())];

    /// <summary>The standard component called <paramref name="name"/>.</summary>
    public static Component Find(string name, StandardComponentsOptions? options = null) =>
        new ComponentRegistry().AddStandardComponents(options).FindComponent(name)
        ?? throw new ArgumentException($"No standard component '{name}'.", nameof(name));

    /// <summary>Runs <paramref name="component"/> with <paramref name="config"/> (JSON object) and the given inputs.</summary>
    public static Task<ComponentRun> RunAsync(
        string component, string? config = null, params (string Port, Message[] Messages)[] inputs) =>
        RunAsync(Find(component), config, initials: [], inputs);

    /// <summary>Runs <paramref name="component"/>: initial packets first, then the inputs.</summary>
    public static async Task<ComponentRun> RunAsync(
        Component component,
        string? config,
        (string Port, Message Value)[] initials,
        (string Port, Message[] Messages)[] inputs,
        NetworkOptions? options = null)
    {
        MessageObject? metadata = config is null ? null : MessageJson.Parse(config).AsObject();
        var builder = new NetworkBuilder().AddNode("node", component, metadata);
        foreach ((string port, Message value) in initials)
        {
            builder.AddInitial("node", port, value);
        }

        foreach (string port in inputs.Select(i => i.Port).Distinct())
        {
            builder.ExportInPort(port, "node", port);
        }

        ImmutableArray<PortDefinition> outPorts = component.Description.OutPorts;
        foreach (PortDefinition port in outPorts)
        {
            builder.ExportOutPort(port.Name, "node", port.Name);
        }

        // Everything granted unless a test says otherwise: these runs test what components do; the permission tests
        // (Io/FilePermissionTests, Http/HttpPermissionTests) pass the options that grant or deny.
        await using Network network = Network.Create(builder.Build(_ => null), options ?? new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.All });
        Task<NetworkRunResult> run = network.RunAsync();
        var readers = outPorts.ToDictionary(p => p.Name, p => ReadAll(network, p.Name));
        foreach ((string port, Message[] messages) in inputs)
        {
            foreach (Message message in messages)
            {
                await network.SendAsync(port, message);
            }
        }

        network.CompleteInputs();
        NetworkRunResult result = await run.WaitAsync(HangLimit);
        var outputs = new Dictionary<string, List<Message>>(StringComparer.Ordinal);
        foreach ((string port, Task<List<Message>> reading) in readers)
        {
            outputs[port] = await reading.WaitAsync(HangLimit);
        }

        return new ComponentRun(outputs, result);
    }

    /// <summary>Reads an exported out-port to the end.</summary>
    public static Task<List<Message>> ReadAll(Network network, string port) => Task.Run(async () =>
    {
        var items = new List<Message>();
        await foreach (Message item in network.Output(port).ReadAllAsync())
        {
            items.Add(item);
        }

        return items;
    });
}
