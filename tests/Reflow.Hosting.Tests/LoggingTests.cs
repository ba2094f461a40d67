using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Hosting.Tests;

[Collection(ExitCodeCollection.Name)]
public sealed class LoggingTests : IDisposable
{
    private readonly GraphFiles _graphs = new();

    [Fact]
    public async Task A_failing_node_is_logged_as_a_structured_warning_and_the_failed_run_as_an_error_with_exit_code_1()
    {
        int before = Environment.ExitCode;
        try
        {
            var logs = new CollectingLoggerProvider();
            var passed = new List<Message>();
            using IHost host = TestHost.Build(logs, builder => builder.Services.AddReflow()
                .AddComponent<Failing>()
                .AddGraph("checks", _graphs.OneNode("test/Failing", "verify"), g => g.ReadOutput("out", passed.Add)));
            await host.StartAsync();
            Network network = await host.Services.GetRequiredService<ReflowNetworks>()["checks"].WhenStarted;
            Environment.ExitCode = 0;
            await network.SendAsync("in", Message.String("boom"));
            await network.SendAsync("in", Message.Integer(2));
            await host.StopAsync();

            Assert.Equal([Message.Integer(2)], passed); // the node resumed after its failure (the default policy)
            LogEntry failed = Assert.Single(logs.Entries, e => e.Category == "Reflow.Network" && e.Level == LogLevel.Warning);
            Assert.Equal("checks", failed["Network"]);
            Assert.Equal("verify", failed["Node"]);
            Assert.Equal("boom is not a value", Assert.IsType<InvalidOperationException>(failed.Exception).Message);

            LogEntry runFailed = Assert.Single(logs.Entries, e => e.Category == "Reflow.Network" && e.Level == LogLevel.Error && e["UncaughtFailures"] is not null);
            Assert.Equal("checks", runFailed["Network"]);
            Assert.Equal(1L, runFailed["UncaughtFailures"]);
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = before;
        }
    }

    [Fact]
    public async Task Starts_and_stops_are_logged_with_the_network_and_node()
    {
        var logs = new CollectingLoggerProvider();
        using IHost host = TestHost.Build(logs, builder => builder.Services.AddReflow()
            .AddGraph("relay", _graphs.OneNode("core/Repeat", "repeat"), g => g.ReadOutput("out", _ => { })));
        await host.StartAsync();
        await host.StopAsync();

        LogEntry started = Assert.Single(logs.Entries, e => e.Level == LogLevel.Information && e.Text.StartsWith("Network relay started", StringComparison.Ordinal));
        Assert.Equal(1, started["Nodes"]);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && (string?)e["Node"] == "repeat" && e.Text.EndsWith("started", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && (string?)e["Node"] == "repeat" && e.Text.EndsWith("stopped", StringComparison.Ordinal));
        LogEntry finished = Assert.Single(logs.Entries, e => e.Level == LogLevel.Information && e.Text.StartsWith("Network relay finished", StringComparison.Ordinal));
        Assert.Equal(0L, finished["Failures"]);
    }

    public void Dispose() => _graphs.Dispose();
}
