namespace Reflow.Distributed.Transport;

/// <summary>Where remote edge <see cref="EdgeId"/> of run <see cref="RunId"/> lives on NATS: its two subjects.</summary>
internal sealed record RemoteEdgeAddress
{
    /// <summary>Creates the address.</summary>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is empty or has a character outside [A-Za-z0-9_-] (it becomes a subject token).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="edgeId"/> is negative.</exception>
    public RemoteEdgeAddress(string runId, int edgeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        foreach (char c in runId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                throw new ArgumentException($"A run id may hold only A-Z, a-z, 0-9, '_' and '-' (it is a NATS subject token); '{runId}' has '{c}'.", nameof(runId));
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegative(edgeId);
        RunId = runId;
        EdgeId = edgeId;
        DataSubject = $"reflow.run.{runId}.edge.{edgeId}.data";
        CreditSubject = $"reflow.run.{runId}.edge.{edgeId}.credit";
    }

    /// <summary>The run's id.</summary>
    public string RunId { get; }

    /// <summary>The edge's id within the run (0, 1, 2 …).</summary>
    public int EdgeId { get; }

    /// <summary>Sender to receiver: Batch, End and Probe frames.</summary>
    public string DataSubject { get; }

    /// <summary>Receiver to sender: Credit and EndAck frames.</summary>
    public string CreditSubject { get; }

    /// <inheritdoc />
    public override string ToString() => $"remote edge {EdgeId} of run {RunId}";
}
