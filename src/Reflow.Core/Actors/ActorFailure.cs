namespace Reflow.Actors;

/// <summary>One actor failure of a run, as <see cref="Networks.NetworkRunResult.Failures"/> keeps it.</summary>
/// <param name="NodeId">The node that failed.</param>
/// <param name="Message">What went wrong: the exception's message, or the text of the Error message.</param>
/// <param name="ExceptionType">
/// The full name of the exception's type; null when the failure is an <see cref="Messages.MessageKind.Error"/> message
/// the actor emitted on an out-port with no edge.
/// </param>
public sealed record ActorFailure(string NodeId, string Message, string? ExceptionType)
{
    /// <summary>
    /// The port concerned, if any: the in-port of the message the actor failed on, or the out-port an Error message
    /// was emitted on.
    /// </summary>
    public string? Port { get; init; }

    /// <summary>Whether the graph caught it, nothing did, or the node's policy ignores it.</summary>
    public FailureHandling Handling { get; init; }

    /// <summary>One line: <c>node 'parse', port 'in': FormatException: bad JSON [uncaught]</c>.</summary>
    public override string ToString()
    {
        string type = ExceptionType is null ? "" : ExceptionType[(ExceptionType.LastIndexOf('.') + 1)..] + ": ";
        return $"node '{NodeId}'{(Port is null ? "" : $", port '{Port}'")}: {type}{Message} [{Handling.ToString().ToLowerInvariant()}]";
    }
}
