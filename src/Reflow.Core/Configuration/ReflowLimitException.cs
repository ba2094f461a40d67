namespace Reflow.Configuration;

/// <summary>A network exceeds a limit of the configuration (<c>actor_system.max_actors_per_node</c>).</summary>
public sealed class ReflowLimitException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public ReflowLimitException()
        : base("The network exceeds a configured limit.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public ReflowLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public ReflowLimitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
