using System.Threading.Channels;
using Reflow.Messages;
using Reflow.Scheduling;

namespace Reflow.Networks;

// The host's edges as channels: a writer for each exported in-port (Input), beside the reader of each exported
// out-port (Output). Both are the exported port's own bounded edge, so they carry its backpressure.
public sealed partial class Network
{
    /// <summary>
    /// The writer of the exported in-port <paramref name="inPort"/>: the host's end of its bounded edge, shaped as a
    /// <see cref="ChannelWriter{T}"/>. <see cref="ChannelWriter{T}.TryWrite"/> returns <see langword="false"/> while
    /// the edge is full; <see cref="ChannelWriter{T}.WaitToWriteAsync"/> and <see cref="ChannelWriter{T}.WriteAsync"/>
    /// wait for room without blocking a thread; nothing is dropped. <see cref="ChannelWriter{T}.TryComplete"/> (or
    /// <see cref="ChannelWriter{T}.Complete"/>) is <see cref="CompleteInput"/>. The same writer is returned on every call.
    /// </summary>
    /// <remarks>
    /// <para>Write after the network has started (writing before throws <see cref="InvalidOperationException"/>).
    /// Once the input is completed or the run is over (finished, stopped, aborted), <c>TryWrite</c> and
    /// <c>WaitToWriteAsync</c> return <see langword="false"/> and <c>WriteAsync</c> throws
    /// <see cref="ChannelClosedException"/>; a writer waiting for room is woken to hear it. Complete the writer after
    /// the last write has returned. An error passed to <c>TryComplete</c> cannot reach the network's actors: the
    /// port completes as without one, and reporting the error is the caller's.</para>
    /// <para>With <see cref="Output"/>, this makes the two halves of an edge between networks:</para>
    /// <code>
    /// ChannelWriter&lt;Message&gt; into = b.Input("y");
    /// await foreach (Message m in a.Output("x").ReadAllAsync()) await into.WriteAsync(m); // b's edge holds a back
    /// into.Complete();                                                                   // a finished: so does b's input
    /// </code>
    /// </remarks>
    /// <exception cref="ArgumentException">There is no such exported in-port; the message lists them.</exception>
    public ChannelWriter<Message> Input(string inPort) => FindInput(inPort);

    private void CloseInputs()
    {
        foreach (HostInput input in _inputs.Values)
        {
            input.Close();
        }
    }
}
