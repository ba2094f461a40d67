using System.Diagnostics;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// The producer stage of the peers' pipelines (and of Reflow's host-fed latency pipeline): a loop on the
/// calling thread that sends <c>messages</c> values through an <see cref="IPipelineInlet"/>, paced or not, and
/// times every wait for room.
/// </summary>
public static class HostProducer
{
    /// <summary>Sends <paramref name="messages"/> values (see <see cref="Pacer"/>) and completes the inlet.</summary>
    public static async Task<ProducerResult> RunAsync<TInlet>(TInlet inlet, long messages, double messagesPerSecond = 0)
        where TInlet : IPipelineInlet
    {
        var pacer = new Pacer(messagesPerSecond);
        long sum = 0;
        long stall = 0;
        long maxLate = 0;
        long waits = 0;
        for (long i = 0; i < messages; i++)
        {
            long value = pacer.Next(i, out long late);
            maxLate = Math.Max(maxLate, late);
            sum = unchecked(sum + value);
            ValueTask sent = inlet.SendAsync(value);
            if (!sent.IsCompletedSuccessfully)
            {
                waits++;
                long waitStart = Stopwatch.GetTimestamp();
                await sent.ConfigureAwait(false);
                stall += Stopwatch.GetTimestamp() - waitStart;
            }
        }

        inlet.Complete();
        return new ProducerResult(sum, stall, maxLate, waits);
    }
}
