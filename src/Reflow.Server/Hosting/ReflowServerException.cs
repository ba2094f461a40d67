namespace Reflow.Server.Hosting;

/// <summary>
/// A <see cref="ReflowServer"/> cannot start as configured: an address other than loopback without a secret, a
/// certificate that cannot be read, a port that is taken. The message names the option to change.
/// </summary>
public sealed class ReflowServerException : Exception
{
    /// <summary>A problem with no details.</summary>
    public ReflowServerException()
        : base("The Reflow server cannot start.")
    {
    }

    /// <summary>A problem described by <paramref name="message"/>.</summary>
    public ReflowServerException(string message)
        : base(message)
    {
    }

    /// <summary>A problem described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public ReflowServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
