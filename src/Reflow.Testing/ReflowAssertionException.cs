namespace Reflow.Testing;

/// <summary>
/// A test-kit assertion failed. The message says what was checked, what was expected and what happened (for
/// message sequences, a line per position with the first difference marked). Test frameworks report any exception
/// as a failure, so the kit needs none of them.
/// </summary>
public sealed class ReflowAssertionException : Exception
{
    /// <summary>Creates the exception with the full explanation in <paramref name="message"/>.</summary>
    public ReflowAssertionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the full explanation in <paramref name="message"/> and its cause.</summary>
    public ReflowAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
