namespace Reflow.Components.Expressions;

/// <summary>An expression could not be parsed or evaluated; the message says which expression and why.</summary>
public sealed class ExpressionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExpressionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ExpressionException()
        : base("The expression failed.")
    {
    }
}
