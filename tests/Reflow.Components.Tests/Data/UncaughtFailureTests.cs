using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Components.Tests.Data;

/// <summary>Standard components report bad input on their error port; with no edge there, the run counts an uncaught failure.</summary>
public sealed class UncaughtFailureTests
{
    /// <summary>One node of <paramref name="component"/>: 'in' fed with <paramref name="inputs"/>, 'out' exported; 'error' exported only when asked.</summary>
    private static async Task<(NetworkRunResult Result, List<Message> Out)> RunAsync(string component, string? config, bool exportError, params Message[] inputs)
    {
        var builder = new NetworkBuilder()
            .AddNode("node", ComponentRun.Find(component), config is null ? null : MessageJson.Parse(config).AsObject())
            .ExportInPort("in", "node", "in")
            .ExportOutPort("out", "node", "out");
        if (exportError)
        {
            builder.ExportOutPort("error", "node", "error");
        }

        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 1 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> output = ComponentRun.ReadAll(network, "out");
        Task<List<Message>> errors = exportError ? ComponentRun.ReadAll(network, "error") : Task.FromResult(new List<Message>());
        foreach (Message input in inputs)
        {
            await network.SendAsync("in", input);
        }

        network.CompleteInputs();
        NetworkRunResult result = await run.WaitAsync(ComponentRun.HangLimit);
        await errors.WaitAsync(ComponentRun.HangLimit);
        return (result, await output.WaitAsync(ComponentRun.HangLimit));
    }

    [Fact]
    public async Task JsonParse_fed_bad_json_with_no_error_edge_counts_an_uncaught_failure_with_its_message()
    {
        (NetworkRunResult result, List<Message> output) = await RunAsync("data/JsonParse", null, exportError: false, Message.String("{bad"), Message.String("[1]"));

        Assert.Single(output);
        Assert.True(result.HasUnhandledFailures);
        Assert.Equal(1, result.UncaughtFailures);
        ActorFailure failure = Assert.Single(result.Failures);
        Assert.Equal(("node", "error", null, FailureHandling.Uncaught), (failure.NodeId, failure.Port, failure.ExceptionType, failure.Handling));
        Assert.StartsWith("data/JsonParse (node): not valid JSON", failure.Message);
        NodeStatistics node = result.Nodes.Single();
        Assert.Equal((0L, 1L, 1L, 1L), (node.Errors, node.Failures, node.UncaughtFailures, node.Dropped));
    }

    [Fact]
    public async Task JsonParse_fed_bad_json_with_an_error_edge_leaves_the_failure_to_the_graph()
    {
        (NetworkRunResult result, _) = await RunAsync("data/JsonParse", null, exportError: true, Message.String("{bad"));

        Assert.False(result.HasUnhandledFailures);
        Assert.Equal(0, result.FailureCount);
    }

    [Fact]
    public async Task A_misconfigured_node_without_an_error_port_fails_at_start_and_on_each_message_it_refuses()
    {
        (NetworkRunResult result, List<Message> output) = await RunAsync("flow/Delay", """{"delayMs":"soon"}""", exportError: false, Message.Integer(1), Message.Integer(2));

        Assert.Empty(output);
        Assert.Equal(3, result.UncaughtFailures);
        Assert.Equal(
            ["Reflow.Actors.ActorConfigurationException", "Reflow.Components.Infrastructure.ComponentInputException", "Reflow.Components.Infrastructure.ComponentInputException"],
            result.Failures.Select(f => f.ExceptionType));
        Assert.Contains("the node is not configured", result.Failures[1].Message);
    }
}
