namespace Reflow.Distributed;

/// <summary>A control-plane message from another cluster member could not be understood; it is refused and reported.</summary>
public sealed class ClusterProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ClusterProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ClusterProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
