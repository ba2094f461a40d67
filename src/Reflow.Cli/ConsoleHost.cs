using Reflow.Networks;

namespace Reflow.Cli;

/// <summary>The <see cref="CliHost"/> of the real <c>reflow</c> process: the console, the process's signals, the standard components.</summary>
internal static class ConsoleHost
{
    public static CliHost Create() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        ErrorIsTerminal = !Console.IsErrorRedirected,
        CreateRegistry = CliComponents.Create,
        ListenToSignals = true,
    };
}
