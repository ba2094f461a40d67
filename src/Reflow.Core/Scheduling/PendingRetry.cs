namespace Reflow.Scheduling;

/// <summary>A failed message waiting for its retry, and the timer that will post it (see <see cref="ActorCell"/>).</summary>
/// <remarks>Its own object, made on a failure: the 40-byte envelope would otherwise sit in every actor's cell.</remarks>
internal sealed class PendingRetry
{
    /// <summary>The failed delivery; default when the retry is a source's Produce.</summary>
    public Envelope Envelope;

    public ITimer? Timer;
}
