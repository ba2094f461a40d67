using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Hosting.Tests;

[Collection(ExitCodeCollection.Name)]
public sealed class DrainTests : IDisposable
{
    private readonly GraphFiles _graphs = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly Gate _gate = new();
    private readonly List<long> _received = [];

    [Fact]
    public async Task Stopping_the_host_drains_every_accepted_message_before_the_network_stops()
    {
        using IHost host = Build(TimeSpan.FromSeconds(30));
        await host.StartAsync();
        HostedNetwork hosted = host.Services.GetRequiredService<ReflowNetworks>()["echo"];
        int accepted = await FillAsync(await hosted.WhenStarted);

        Task stopping = host.StopAsync();
        await TestHost.WaitUntil(() => hosted.State == HostedNetworkState.Draining, "the drain began");
        Assert.Empty(_received); // everything accepted is still in flight: the gate holds it
        _gate.Open();
        await stopping;

        Assert.Equal(Enumerable.Range(0, accepted).Select(i => (long)i), _received); // none lost, in order
        NetworkRunResult result = Assert.IsType<NetworkRunResult>(hosted.Result);
        Assert.True(result.Completed);
        Assert.Equal(0, result.DeadLetters);
        Assert.Equal(HostedNetworkState.Finished, hosted.State);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Text == "Network echo drained: every accepted message was handled");
    }

    [Fact]
    public async Task Past_the_shutdown_timeout_what_is_in_flight_goes_to_the_dead_letters_and_the_exit_code_is_1()
    {
        int before = Environment.ExitCode;
        try
        {
            using IHost host = Build(TimeSpan.FromMilliseconds(300));
            await host.StartAsync();
            HostedNetwork hosted = host.Services.GetRequiredService<ReflowNetworks>()["echo"];
            int accepted = await FillAsync(await hosted.WhenStarted);
            Environment.ExitCode = 0;

            await host.StopAsync(); // the gate never opens: the drain cannot finish

            NetworkRunResult result = Assert.IsType<NetworkRunResult>(hosted.Result);
            Assert.False(result.Completed);
            Assert.Equal(accepted, result.DeadLetters); // the queued messages and the one being handled
            Assert.Empty(_received);
            Assert.Equal(1, Environment.ExitCode);
            LogEntry timedOut = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("did not drain", StringComparison.Ordinal));
            Assert.Equal((long)accepted, timedOut["DeadLetters"]);
        }
        finally
        {
            Environment.ExitCode = before;
        }
    }

    /// <summary>Sends 0, 1, 2… while the gate is closed, until the in-port's edge is full; returns how many were accepted.</summary>
    private async Task<int> FillAsync(Network network)
    {
        int sent = 0;
        while (sent < 1000 && network.TrySend("in", Message.Integer(sent)))
        {
            sent++;
        }

        await TestHost.WaitUntil(() => _gate.Waiting == 1, "the echo holds the first message");
        Assert.InRange(sent, 2, 999); // the host edge's capacity (8) bounds what is accepted
        return sent;
    }

    private IHost Build(TimeSpan shutdownTimeout) => TestHost.Build(_logs, builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Reflow:actor_system:host_buffer_size"] = "8" });
        builder.Services.AddSingleton(_gate);
        builder.Services.AddReflow().AddComponent<GatedEcho>().AddGraph("echo", _graphs.OneNode("test/GatedEcho"), g => g.ReadOutput("out", m =>
        {
            lock (_received)
            {
                _received.Add(m.AsInteger());
            }
        }));
    }, shutdownTimeout);

    public void Dispose() => _graphs.Dispose();
}
