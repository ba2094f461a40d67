namespace Reflow.Distributed;

/// <summary>
/// A cluster could not be joined or a distributed run could not be set up: the servers cannot be reached or refuse the
/// credentials, a node name is taken, no node is live, a part does not build on its node. The message says which and
/// what to do.
/// </summary>
public sealed class ClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ClusterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
