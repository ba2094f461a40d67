using Reflow.Cli.Tests.Components;
using Reflow.Networks;

namespace Reflow.Cli.Tests;

/// <summary>Runs <c>reflow</c> in the test process, with string writers and the test components.</summary>
internal static class InProcessCli
{
    public static string GraphPath(string name) => Path.Combine(AppContext.BaseDirectory, "Graphs", name);

    public static ComponentRegistry Registry(TextWriter output) =>
        new ComponentRegistry().Add<DoubleActor>().Add<CountActor>();

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), TextReader.Null, null, args);

    public static async Task<CliRun> RunAsync(
        IReadOnlyDictionary<string, string> environment, TextReader input, InterruptSignal? interrupts, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost
        {
            Out = output,
            Error = error,
            In = input,
            Environment = environment,
            CreateRegistry = Registry,
            Interrupts = interrupts ?? new InterruptSignal(),
        };
        int exitCode = await ReflowCli.InvokeAsync(args, host);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
