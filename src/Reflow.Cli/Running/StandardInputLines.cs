using System.Threading.Channels;

namespace Reflow.Cli.Running;

/// <summary>
/// The lines of standard input (<c>--input port=-</c>), read on a thread of their own and handed over through a
/// bounded channel.
/// </summary>
/// <remarks>
/// The console's reader blocks the thread that calls it, even through <c>ReadLineAsync</c>, and ignores
/// cancellation: a run that awaited it directly held its caller until the next line or the end of input, so while
/// stdin stayed open and quiet neither <c>--timeout</c> nor Ctrl-C could end it. Here the feeder awaits the
/// channel, which its token cancels at once. The reading thread is a background thread: a read left blocked in the
/// console never keeps the process alive. It ends at the end of input, when the token is cancelled (at once with a
/// reader that honours the token, else after its next line) or with the process.
/// </remarks>
internal static class StandardInputLines
{
    /// <summary>Lines read but not yet taken: bounded, so a fast producer on stdin waits for the run.</summary>
    private const int ReadAhead = 256;

    /// <summary>Starts reading <paramref name="reader"/> to its end; the lines, in order, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static IAsyncEnumerable<string> ReadAllAsync(TextReader reader, CancellationToken cancellationToken)
    {
        Channel<string> lines = Channel.CreateBounded<string>(new BoundedChannelOptions(ReadAhead)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var thread = new Thread(() => Pump(reader, lines.Writer, cancellationToken)) { IsBackground = true, Name = "reflow stdin" };
        thread.Start();
        return lines.Reader.ReadAllAsync(cancellationToken);
    }

    private static void Pump(TextReader reader, ChannelWriter<string> lines, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested && ReadLine(reader, cancellationToken) is string line)
            {
                while (!lines.TryWrite(line))
                {
                    // This thread does nothing else, so it waits here for room (or for the cancellation).
                    if (!lines.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run no longer wants input: what is unread stays unread.
        }
        catch (Exception ex)
        {
            failure = ex; // the feeder sees it (an IOException is reported as a problem of the run)
        }
        finally
        {
            lines.TryComplete(failure);
        }
    }

    private static string? ReadLine(TextReader reader, CancellationToken cancellationToken)
    {
        ValueTask<string?> read = reader.ReadLineAsync(cancellationToken);
        return read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult();
    }
}
