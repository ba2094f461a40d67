using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reflow.Messages;

namespace Reflow.Hosting.Tests;

public sealed class HostedGraphTests : IDisposable
{
    private readonly GraphFiles _graphs = new();

    [Fact]
    public async Task A_graph_that_runs_to_completion_can_stop_the_application_when_it_finishes()
    {
        string graph = _graphs.Write("once.fbp", "OUTPORT=r.OUT:out\n'hello' -> IN r(core/Repeat)\n");
        var seen = new List<Message>();
        using IHost host = TestHost.Build(new CollectingLoggerProvider(), builder => builder.Services.AddReflow().AddGraph("once", graph, g =>
        {
            g.RunUntilStopped = false;
            g.StopApplicationWhenFinished = true;
            g.ReadOutput("out", seen.Add);
        }));

        await host.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.WaitForShutdownAsync(timeout.Token); // returns once the finished run has stopped the application
        Assert.False(timeout.IsCancellationRequested, "the application was not stopped by the finished run");

        HostedNetwork hosted = host.Services.GetRequiredService<ReflowNetworks>()["once"];
        Assert.Equal(HostedNetworkState.Finished, hosted.State);
        Assert.Equal([Message.String("hello")], seen);
    }

    [Fact]
    public async Task An_exported_out_port_without_a_reader_is_refused_at_start_naming_it()
    {
        using IHost host = TestHost.Build(new CollectingLoggerProvider(), builder => builder.Services.AddReflow()
            .AddGraph("unread", _graphs.OneNode("core/Repeat")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("exported out-port(s) out have no reader", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Services.GetRequiredService<ReflowNetworks>()["unread"].WhenStarted);
    }

    [Fact]
    public void An_unknown_network_name_lists_the_hosted_ones()
    {
        using IHost host = TestHost.Build(new CollectingLoggerProvider(), builder => builder.Services.AddReflow()
            .AddGraph("a", _graphs.OneNode("core/Repeat"), g => g.ReadOutput("out", _ => { })));
        var error = Assert.Throws<KeyNotFoundException>(() => host.Services.GetRequiredService<ReflowNetworks>()["b"]);
        Assert.Equal("No graph named 'b' was added with AddGraph; the hosted networks are: a.", error.Message);
    }

    public void Dispose() => _graphs.Dispose();
}
