using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Testing;

namespace Reflow.Components.Tests;

/// <summary>
/// The standard components' tests' short form of <see cref="ReflowTest"/>: one component as the only node, the
/// in-ports a test feeds exported and fed in order, port after port, then completed; every out-port read to the end.
/// Everything is granted unless a test passes options (the permission tests grant or deny there).
/// </summary>
internal sealed class ComponentRun
{
    /// <summary>How long a test waits before it calls a run hung: a failure, never a synchronisation.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    private ComponentRun(TestRun run) => Run = run;

    /// <summary>The kit's view of the run, for its assertions (outputs, failures, dead letters, no loss).</summary>
    public TestRun Run { get; }

    /// <summary>The run's statistics.</summary>
    public NetworkRunResult Result => Run.Result;

    /// <summary>The node's statistics.</summary>
    public NodeStatistics Node => Run.Node(TestSetup.NodeId);

    /// <summary>Everything the node emitted on <paramref name="port"/>, in order.</summary>
    public Emitted this[string port] => Run.Output(port);

    /// <summary>The texts of the Error messages on the node's <c>error</c> port.</summary>
    public IReadOnlyList<string> Errors => [.. Run.Output("error").Select(m => m.AsError())];

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
        TestSetup setup = ReflowTest.Component(component)
            .WithOptions(options ?? new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.All })
            .WithHangLimit(HangLimit);
        if (config is not null)
        {
            setup.WithConfig(config);
        }

        foreach ((string port, Message value) in initials)
        {
            setup.WithInitial(port, value);
        }

        foreach ((string port, Message[] messages) in inputs)
        {
            setup.WithInput(port, messages);
        }

        return new ComponentRun(await setup.RunAsync());
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
