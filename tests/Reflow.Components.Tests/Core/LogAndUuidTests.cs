using Microsoft.Extensions.Logging;
using Reflow.Messages;
using Reflow.Testing;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Core;

public sealed class LogAndUuidTests
{
    [Fact]
    public async Task Log_writes_each_message_through_the_hosts_logger_with_structured_fields_and_passes_it_on()
    {
        var loggers = new CapturingLoggerFactory();
        Message[] sent = [Message.String("hello"), Msg("{\"a\":1}")];

        ComponentRun run = await ComponentRun.RunAsync(
            ComponentRun.Find("core/Log", new StandardComponentsOptions { LoggerFactory = loggers }), """{"level":"Warning","label":"seen:"}""", [], [("in", sent)]);

        Assert.Equal(sent, run["out"]);
        Assert.Equal(2, loggers.Entries.Count);
        var first = loggers.Entries.First();
        Assert.Equal(("Reflow.Components.Log", LogLevel.Warning, "node: seen: hello"), (first.Category, first.Level, first.Text));
        Assert.Contains(new KeyValuePair<string, object?>("Node", "node"), first.Fields);
        Assert.Equal("node: seen: Object {\"a\":1}", loggers.Entries.Last().Text);
    }

    [Fact]
    public async Task Log_below_the_loggers_level_writes_nothing_but_still_passes_on()
    {
        var loggers = new CapturingLoggerFactory(LogLevel.Error);

        ComponentRun run = await ComponentRun.RunAsync(
            ComponentRun.Find("core/Log", new StandardComponentsOptions { LoggerFactory = loggers }), """{"level":"Debug"}""", [], [("in", Integers(1))]);

        Assert.Empty(loggers.Entries);
        Assert.Single(run["out"]);
    }

    [Fact]
    public async Task Uuid_emits_distinct_version_4_ids_with_the_prefix()
    {
        ComponentRun run = await ComponentRun.RunAsync("core/Uuid", """{"prefix":"order-"}""", ("trigger", [.. Enumerable.Repeat(Message.Flow, 100)]));

        string[] ids = [.. run["out"].Select(m => m.AsString())];
        Assert.Equal(100, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.StartsWith("order-", id, StringComparison.Ordinal);
            Assert.Equal(4, Guid.Parse(id["order-".Length..]).Version);
        });
    }

    [Fact]
    public async Task Uuid_version_7_is_ordered_by_the_run_clock()
    {
        await using LiveTest run = await ReflowTest.Component("core/Uuid").WithConfig("""{"version":7}""").StartAsync("trigger");

        await run.SendAsync("trigger", Message.Flow);
        await run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await run.SendAsync("trigger", Message.Flow);

        Guid[] ids = [.. run.Take("out").Select(m => Guid.Parse(m.AsString()))];
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.True(string.CompareOrdinal(ids[0].ToString(), ids[1].ToString()) < 0);
        Assert.StartsWith(TestSetup.ClockStart.ToUnixTimeMilliseconds().ToString("x12")[..8], ids[0].ToString("N"), StringComparison.Ordinal);
    }
}
