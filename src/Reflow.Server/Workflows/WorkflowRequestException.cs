namespace Reflow.Server.Workflows;

/// <summary>A workflow request (or a <c>/ws</c> message) that cannot be taken; the message names the field and what was expected.</summary>
internal sealed class WorkflowRequestException(string message, int status = 400) : Exception(message)
{
    /// <summary>The HTTP status that answers it (400 for a bad request; 409, 503 for the state of the server).</summary>
    public int Status { get; } = status;
}
