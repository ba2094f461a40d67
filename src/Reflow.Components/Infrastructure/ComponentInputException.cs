namespace Reflow.Components.Infrastructure;

/// <summary>A standard component without an <c>error</c> port received input it cannot handle; the message says what.</summary>
public sealed class ComponentInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ComponentInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ComponentInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ComponentInputException()
        : base("A component received input it cannot handle.")
    {
    }
}
