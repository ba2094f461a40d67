namespace Reflow.Distributed.Transport;

/// <summary>Where remote edge <see cref="EdgeId"/> of run <see cref="RunId"/> lives on NATS: its two subjects.</summary>
internal sealed record RemoteEdgeAddress
{
    /// <summary>Creates the address.</summary>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is empty or has a character outside [A-Za-z0-9_-] (it becomes a subject token).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="edgeId"/> is negative.</exception>
    public RemoteEdgeAddress(string runId, int edgeId)
    {
        CheckRunId(runId);
        ArgumentOutOfRangeException.ThrowIfNegative(edgeId);
        RunId = runId;
        EdgeId = edgeId;
        DataSubject = $"reflow.run.{runId}.edge.{edgeId}.data";
        CreditSubject = $"reflow.run.{runId}.edge.{edgeId}.credit";
        StreamSubject = $"reflow.run.{runId}.js.{edgeId}.data";
        StreamName = StreamNameOf(runId);
    }

    /// <summary>The run's id.</summary>
    public string RunId { get; }

    /// <summary>The edge's id within the run (0, 1, 2 …).</summary>
    public int EdgeId { get; }

    /// <summary>Sender to receiver: Batch, End and Probe frames.</summary>
    public string DataSubject { get; }

    /// <summary>Receiver to sender: Credit and EndAck frames.</summary>
    public string CreditSubject { get; }

    /// <summary>
    /// Sender to receiver on an at-least-once edge: Batch and End frames, kept by the run's JetStream stream
    /// (<see cref="StreamName"/>). A token apart from <see cref="DataSubject"/>'s, so the stream never captures the
    /// at-most-once edges' frames.
    /// </summary>
    public string StreamSubject { get; }

    /// <summary>The run's JetStream stream, which keeps every at-least-once edge's frames for the whole run.</summary>
    public string StreamName { get; }

    /// <summary>The stream name of run <paramref name="runId"/> (checked by the constructor's rules first).</summary>
    public static string StreamNameOf(string runId) => $"REFLOW_{CheckRunId(runId)}";

    /// <summary>The subjects the run's stream captures: every at-least-once edge's data subject.</summary>
    public static string StreamSubjectsOf(string runId) => $"reflow.run.{new RemoteEdgeAddress(runId, 0).RunId}.js.*.data";

    /// <summary>The subject data frames travel on for <paramref name="delivery"/>.</summary>
    public string DataSubjectFor(DeliveryMode delivery) => delivery == DeliveryMode.AtLeastOnce ? StreamSubject : DataSubject;

    private static string CheckRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        foreach (char c in runId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                throw new ArgumentException($"A run id may hold only A-Z, a-z, 0-9, '_' and '-' (it is a NATS subject token); '{runId}' has '{c}'.", nameof(runId));
            }
        }

        return runId;
    }

    /// <inheritdoc />
    public override string ToString() => $"remote edge {EdgeId} of run {RunId}";
}
