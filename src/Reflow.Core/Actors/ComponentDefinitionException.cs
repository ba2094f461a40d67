namespace Reflow.Actors;

/// <summary>A component's declaration is invalid (a bad port attribute, a default that is not JSON, …).</summary>
public sealed class ComponentDefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ComponentDefinitionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ComponentDefinitionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
