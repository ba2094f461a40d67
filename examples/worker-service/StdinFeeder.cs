using Reflow.Hosting;
using Reflow.Messages;

namespace Reflow.Examples.WorkerService;

/// <summary>
/// Feeds the lines of standard input into the graph's exported in-port "lines", with its backpressure: a write
/// waits while the edge is full. Registered after <c>AddReflow</c>, so on shutdown it stops first and the network
/// then drains what it was given.
/// </summary>
public sealed class StdinFeeder(ReflowNetworks networks, ReadingTotals totals, ILogger<StdinFeeder> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lines = (await networks["readings"].WhenStarted).Input("lines");
        while (!stoppingToken.IsCancellationRequested)
        {
            // Console reads cannot be cancelled: wait for one without holding up the shutdown.
            string? line = await Task.Run(Console.In.ReadLine, CancellationToken.None).WaitAsync(stoppingToken);
            if (line is null)
            {
                logger.LogInformation("Standard input closed after {Lines} lines", totals.Lines);
                return; // the network keeps running until the service is stopped
            }

            await lines.WriteAsync(Message.String(line), stoppingToken);
            long fed = totals.LineFed();
            if (fed % 50 == 0)
            {
                logger.LogInformation("Fed {Lines} lines", fed);
            }
        }
    }
}
