namespace Reflow.Cli;

/// <summary>A problem with what the user asked for (exit code 2): the message says what and how to fix it.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException()
        : base("Invalid usage.")
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
