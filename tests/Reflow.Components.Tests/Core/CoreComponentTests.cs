using System.Diagnostics.Metrics;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Core;

public sealed class CoreComponentTests
{
    [Fact]
    public async Task Repeat_passes_every_kind_on_unchanged_and_in_order()
    {
        Message[] sent = [Message.Flow, Message.Null, Message.Boolean(true), Message.Integer(-3), Message.Float(double.NaN),
            Message.String(""), Message.Bytes([1, 2]), Msg("[]"), Msg("{\"a\":[1,{}]}"), Message.Error("e")];

        ComponentRun run = await ComponentRun.RunAsync("core/Repeat", null, ("in", sent));

        Assert.Equal(sent, run["out"]);
        Assert.Equal(0, run.Node.Errors);
    }

    [Fact]
    public async Task Drop_discards_and_counts_every_message_on_the_meter_and_in_the_statistics()
    {
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Reflow.Components" && instrument.Name == "reflow.components.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "reflow.node" && Equals(tag.Value, "node"))
                {
                    Interlocked.Add(ref counted, value);
                }
            }
        });
        listener.Start();

        ComponentRun run = await ComponentRun.RunAsync("core/Drop", null, ("in", Integers(1, 2, 3, 4, 5)));

        Assert.Equal(5, Interlocked.Read(ref counted));
        Assert.Equal(5, run.Node.Invocations);
        Assert.Equal(0, run.Node.Dropped); // a deliberate discard is not a routing drop
    }

    [Fact]
    public async Task Output_writes_one_line_per_message_to_the_hosts_writer_and_passes_it_on()
    {
        var writer = new StringWriter { NewLine = "\n" };
        Message[] sent = [Message.String("hello"), Message.Integer(42), Msg("{\"a\":[1.5,null]}"), Message.Flow, Message.Error("bad")];

        ComponentRun run = await ComponentRun.RunAsync(
            ComponentRun.Find("core/Output", new StandardComponentsOptions { Output = writer }), null, [], [("in", sent)]);

        Assert.Equal("hello\n42\n{\"a\":[1.5,null]}\nflow\nerror: bad\n", writer.ToString());
        Assert.Equal(sent, run["out"]);
    }

    [Fact]
    public void The_three_conformance_components_are_registered_under_their_protocol_names_and_ports()
    {
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents();

        Assert.Equal(["in"], registry.FindComponent("core/Repeat")!.Description.InPorts.Select(p => p.Name));
        Assert.Equal(["out"], registry.FindComponent("core/Repeat")!.Description.OutPorts.Select(p => p.Name));
        Assert.Equal(["in"], registry.FindComponent("core/Drop")!.Description.InPorts.Select(p => p.Name));
        Assert.True(registry.FindComponent("core/Output")!.Description.MayBlock);
    }
}
