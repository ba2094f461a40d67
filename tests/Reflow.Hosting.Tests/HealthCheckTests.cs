using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Hosting.Tests;

[Collection(ExitCodeCollection.Name)] // the failing run sets the exit code
public sealed class HealthCheckTests : IDisposable
{
    private readonly GraphFiles _graphs = new();
    private readonly Gate _gate = new();

    [Fact]
    public async Task A_running_network_is_healthy_and_one_that_finished_cleanly_too()
    {
        using IHost host = Build("test/GatedEcho");
        Assert.Equal(HealthStatus.Unhealthy, (await Check(host)).Status); // not started yet
        await host.StartAsync();
        _gate.Open();
        Network network = await Networks(host)["main"].WhenStarted;
        await network.SendAsync("in", Message.Integer(1));

        HealthReportEntry running = await Check(host);
        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal("Running", running.Data["main.state"]);

        await host.StopAsync();
        HealthReportEntry finished = await Check(host);
        Assert.Equal(HealthStatus.Healthy, finished.Status);
        Assert.Equal("main: finished cleanly", finished.Description);
    }

    [Fact]
    public async Task An_unhandled_failure_makes_the_network_unhealthy_while_it_runs_and_after()
    {
        int before = Environment.ExitCode;
        try
        {
            using IHost host = Build("test/Failing");
            await host.StartAsync();
            Network network = await Networks(host)["main"].WhenStarted;
            Assert.Equal(HealthStatus.Healthy, (await Check(host)).Status);

            await network.SendAsync("in", Message.String("boom"));
            await TestHost.WaitUntil(() => Check(host).Result.Status == HealthStatus.Unhealthy, "the failure shows");
            HealthReportEntry running = await Check(host);
            Assert.StartsWith("main: running with 1 unhandled failures", running.Description, StringComparison.Ordinal);
            Assert.Equal(1L, running.Data["main.uncaught_failures"]);

            await host.StopAsync();
            HealthReportEntry stopped = await Check(host);
            Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
            Assert.StartsWith("main: stopped with 1 unhandled failures", stopped.Description, StringComparison.Ordinal);
        }
        finally
        {
            Environment.ExitCode = before;
        }
    }

    [Fact]
    public async Task A_blocked_consumer_makes_the_network_degraded_once_the_backpressure_lasts_and_healthy_when_it_clears()
    {
        using IHost host = Build("test/GatedEcho");
        await host.StartAsync();
        Network network = await Networks(host)["main"].WhenStarted;
        int sent = 0;
        while (sent < 1000 && network.TrySend("in", Message.Integer(sent)))
        {
            sent++;
        }

        Assert.InRange(sent, 2, 999); // the host edge (capacity 8) is full: the consumer holds everything
        await TestHost.WaitUntil(() => Check(host).Result.Status == HealthStatus.Degraded, "the backpressure is sustained");
        HealthReportEntry degraded = await Check(host);
        Assert.Contains("sustained backpressure", degraded.Description, StringComparison.Ordinal);
        Assert.Equal("(host).in -> work.in", degraded.Data["main.fullest_edge"]);
        Assert.Equal("8/8", degraded.Data["main.fullest_edge_queued"]);

        _gate.Open();
        await TestHost.WaitUntil(() => Check(host).Result.Status == HealthStatus.Healthy, "the backpressure clears");
        await host.StopAsync();
    }

    private IHost Build(string component) => TestHost.Build(new CollectingLoggerProvider(), builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Reflow:actor_system:host_buffer_size"] = "8" });
        builder.Services.AddSingleton(_gate);
        builder.Services.AddHealthChecks().AddReflowHealthChecks();
        builder.Services.AddReflow(o =>
            {
                o.BackpressureSampleInterval = TimeSpan.FromMilliseconds(20);
                o.SustainedBackpressure = TimeSpan.FromMilliseconds(200);
            })
            .AddComponent<GatedEcho>()
            .AddComponent<Failing>()
            .AddGraph("main", _graphs.OneNode(component), g => g.ReadOutput("out", _ => { }));
    });

    private static ReflowNetworks Networks(IHost host) => host.Services.GetRequiredService<ReflowNetworks>();

    private static async Task<HealthReportEntry> Check(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["reflow"];

    public void Dispose() => _graphs.Dispose();
}
