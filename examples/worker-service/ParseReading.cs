using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Examples.WorkerService;

/// <summary>
/// The service's own component: reads a "sensor,celsius" line into an object, after a lookup that takes a while.
/// Made through dependency injection (<c>AddComponent&lt;ParseReading&gt;()</c>): its constructor takes a logger
/// and the service's options like any other service.
/// </summary>
[Component("example/ParseReading", Description = "Parses a \"sensor,celsius\" line into {sensor, celsius}.")]
[InPort("in", PortType.String, Description = "A line.")]
[OutPort("out", PortType.Object, Description = "The reading.")]
public sealed class ParseReading(ILogger<ParseReading> logger, IOptions<ReadingOptions> options) : AsyncActor
{
    private readonly TimeSpan _lookup = TimeSpan.FromMilliseconds(options.Value.LookupDelayMs);

    /// <inheritdoc />
    public override async ValueTask ReceiveAsync(ActorContext context, CancellationToken cancellationToken)
    {
        string line = context.Message.AsString();
        string[] parts = line.Split(',', 2);
        if (parts.Length != 2 || !double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out double celsius))
        {
            logger.LogWarning("Skipping {Line}: expected \"sensor,celsius\"", line);
            return;
        }

        await Task.Delay(_lookup, cancellationToken); // the lookup: work in flight when the service is asked to stop
        context.Emit("out", Message.Object(
            new KeyValuePair<string, Message>("sensor", Message.String(parts[0])),
            new KeyValuePair<string, Message>("celsius", Message.Float(celsius))));
    }
}
