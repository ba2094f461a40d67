using Reflow.Cli.Tests.Components;
using Reflow.Networks;

namespace Reflow.Cli.Tests;

/// <summary>Runs <c>reflow</c> in the test process, with string writers and the test components.</summary>
internal static class InProcessCli
{
    public static string GraphPath(string name) => Path.Combine(AppContext.BaseDirectory, "Graphs", name);

    public static ComponentRegistry Registry(TextWriter output) =>
        new ComponentRegistry().Add<DoubleActor>().Add<CountActor>();

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(new Setup(), args);

    public static async Task<CliRun> RunAsync(Setup setup, params string[] args)
    {
        var host = new CliHost
        {
            Out = setup.Out,
            Error = setup.Error,
            In = setup.Input,
            ErrorIsTerminal = false,
            Environment = setup.Environment,
            CreateRegistry = setup.Registry ?? Registry,
            Interrupts = setup.Interrupts,
        };
        int exitCode = await ReflowCli.InvokeAsync(args, host);
        return new CliRun(exitCode, setup.Out.ToString(), setup.Error.ToString());
    }

    /// <summary>What a test gives the in-process <c>reflow</c>.</summary>
    internal sealed class Setup
    {
        public ObservedWriter Out { get; init; } = new();

        public ObservedWriter Error { get; init; } = new();

        public TextReader Input { get; init; } = TextReader.Null;

        public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

        public InterruptSignal Interrupts { get; init; } = new();

        /// <summary>The component registry, when a test needs more than <see cref="InProcessCli.Registry"/>'s.</summary>
        public Func<TextWriter, ComponentRegistry>? Registry { get; init; }
    }
}
