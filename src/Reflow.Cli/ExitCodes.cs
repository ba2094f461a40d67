namespace Reflow.Cli;

/// <summary>The exit codes of <c>reflow</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Everything went as asked.</summary>
    public const int Ok = 0;

    /// <summary>The graph ran but the run failed: an uncaught failure (or messages lost to one), a deadlock, a timeout, a forced stop.</summary>
    public const int RunFailed = 1;

    /// <summary>Nothing ran: bad usage, a missing or invalid graph, an unknown component, a bad configuration.</summary>
    public const int Invalid = 2;
}
