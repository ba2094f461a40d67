namespace Reflow.Actors;

/// <summary>A node's configuration is unusable: required environment variables are missing, a value has the wrong type, ….</summary>
public sealed class ActorConfigurationException : Exception
{
    /// <summary>Creates the exception for node <paramref name="nodeId"/> with every problem found.</summary>
    public ActorConfigurationException(string nodeId, IReadOnlyList<string> problems)
        : base($"Node '{nodeId}' is not configured correctly: {string.Join("; ", problems)}")
    {
        NodeId = nodeId;
        Problems = problems;
    }

    /// <summary>The node whose configuration failed.</summary>
    public string NodeId { get; }

    /// <summary>Every problem, not only the first.</summary>
    public IReadOnlyList<string> Problems { get; }
}
