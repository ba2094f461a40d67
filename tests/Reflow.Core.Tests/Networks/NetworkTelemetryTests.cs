using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>The Reflow.Network meter and activity source, as an OpenTelemetry exporter would see them.</summary>
[Collection("Telemetry")] // listeners are process-wide: these tests must not see each other's networks
public sealed class NetworkTelemetryTests
{
    private static NetworkDefinition Pipeline(long count) => new NetworkBuilder()
        .AddNode("numbers", Numbers(count))
        .AddNode("relay", Relay(v => { if (v == 7) throw new InvalidOperationException("seven"); }))
        .AddNode("sink", Collect(new ConcurrentQueue<Reflow.Messages.Message>()))
        .Connect("numbers", "out", "relay", "in")
        .Connect("relay", "out", "sink", "in")
        .Build(_ => null);

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    [Fact]
    public async Task The_meter_reports_messages_per_edge_invocations_errors_and_processing_time()
    {
        string name = $"metrics-{Guid.NewGuid():N}";
        var observed = new ConcurrentDictionary<string, long>();
        var processingTimes = new ConcurrentDictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Network.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (Tag(tags, "reflow.network") == name)
            {
                observed[$"{instrument.Name} {Tag(tags, "reflow.edge") ?? Tag(tags, "reflow.node")}"] = value;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (Tag(tags, "reflow.network") == name && instrument.Name == "reflow.actor.invocation.duration")
            {
                processingTimes.AddOrUpdate(Tag(tags, "reflow.node")!, 1, (_, n) => n + 1);
            }
        });
        listener.Start();

        await using Network network = Network.Create(Pipeline(100), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0, Name = name });
        await network.RunAsync().WaitAsync(HangLimit);
        listener.RecordObservableInstruments();

        Assert.Equal(100, observed["reflow.edge.messages numbers.out -> relay.in"]);
        Assert.Equal(99, observed["reflow.edge.messages relay.out -> sink.in"]);
        Assert.Equal(0, observed["reflow.edge.queue_depth relay.out -> sink.in"]);
        Assert.Equal(99, observed["reflow.actor.invocations relay"]);
        Assert.Equal(1, observed["reflow.actor.errors relay"]);
        Assert.Equal(1, observed["reflow.actor.failures relay"]); // its error port has no edge: uncaught
        Assert.Equal(1, observed["reflow.actor.uncaught_failures relay"]);
        Assert.Equal(0, observed["reflow.actor.failures sink"]);
        Assert.Equal(0, observed["reflow.actor.dropped relay"]);
        Assert.Equal(99, observed["reflow.actor.invocations sink"]);
        Assert.Equal(100, processingTimes["relay"]); // every invocation, the failed one too
        Assert.Equal(99, processingTimes["sink"]);
    }

    [Fact]
    public async Task The_activity_source_traces_the_run_and_each_failure()
    {
        string name = $"traces-{Guid.NewGuid():N}";
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Network.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using Network network = Network.Create(Pipeline(10), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0, Name = name });
        await network.RunAsync().WaitAsync(HangLimit);

        Activity run = Assert.Single(activities, a => a.OperationName == "reflow.network.run" && (string?)a.GetTagItem("reflow.network") == name);
        Assert.Equal(19L, run.GetTagItem("reflow.messages")); // 10 into the relay, 9 out of it
        Assert.Equal(1L, run.GetTagItem("reflow.errors"));
        Activity failure = Assert.Single(activities, a => a.OperationName == "reflow.actor.failed" && a.ParentId == run.Id);
        Assert.Equal("relay", failure.GetTagItem("reflow.node"));
        Assert.Equal("seven", failure.GetTagItem("exception.message"));
        Assert.Equal(ActivityStatusCode.Error, failure.Status);
    }
}
