namespace Reflow.Cli.Tests;

/// <summary>
/// WebAssembly plugins built from native/wasm (native/wasm/WasmPlugins.targets builds them into wasm-plugins/ beside
/// the tests) through the real <c>reflow run</c>: a .fbp graph names each .wasm file with no other description and
/// the run prints the documented results; a misbehaving plugin fails the run (exit 1) with its message while another
/// plugin of the same graph delivers all its results.
/// </summary>
public sealed class WasmRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reflow-cli-wasm-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<CliRun> Run(params string[] args) =>
        InProcessCli.RunAsync(new InProcessCli.Setup { CreateRegistry = CliComponents.Create }, args);

    /// <summary>Copies the built plugins beside the graph, as a user keeps them.</summary>
    private void CopyPlugins(params string[] names)
    {
        foreach (string name in names)
        {
            string built = Path.Combine(AppContext.BaseDirectory, "wasm-plugins", name + ".wasm");
            Assert.True(File.Exists(built), $"{built} was not built: native/wasm/build.sh builds it before this project's build");
            File.Copy(built, Path.Combine(_root, name + ".wasm"));
        }
    }

    private string WriteGraph(string name, string text)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The values printed for an exported port, in order (<c>port: value</c> lines).</summary>
    private static string[] Values(CliRun run, string port) =>
        [.. run.OutputLines.Where(l => l.StartsWith(port + ": ", StringComparison.Ordinal)).Select(l => l[(port.Length + 2)..])];

    [Fact]
    public async Task The_four_extism_plugins_named_by_their_files_give_the_documented_results()
    {
        CopyPlugins("counter-host-state", "counter-returned-state", "send-output", "no-ports");
        string graph = WriteGraph("plugins.fbp", """
            # Each node is a .wasm file beside the graph; its get_metadata is its whole description.
            INPORT=host.in:a
            INPORT=returned.in:b
            INPORT=words.in:text
            INPORT=greet.in:name
            OUTPORT=host.out:host
            OUTPORT=returned.out:returned
            OUTPORT=words.word:word
            OUTPORT=words.count:count
            OUTPORT=greet.out:greeting
            host(./counter-host-state.wasm)
            returned(./counter-returned-state.wasm)
            words(./send-output.wasm)
            greet(./no-ports.wasm)
            """);

        CliRun run = await Run("run", graph, "--input", "a=1", "--input", "a=2", "--input", "a=3", "--input", "b=10", "--input", "b=-4",
            "--input", "text=\"to be or not\"", "--input", "text=\"be\"", "--input", "name=\"world\"", "--input", "name=7");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1", "3", "6"], Values(run, "host"));
        Assert.Equal(["10", "6"], Values(run, "returned"));
        Assert.Equal(["\"to\"", "\"be\"", "\"or\"", "\"not\"", "\"be\""], Values(run, "word"));
        Assert.Equal(["4", "1"], Values(run, "count"));
        Assert.Equal(["\"hello, world\"", "\"hello, Integer\""], Values(run, "greeting"));
    }

    public static TheoryData<string, string, string> Misbehaving => new()
    {
        { "loop", ":timeout=200", "loop.wasm: process ran longer than 200 ms and was stopped (raise the setting 'timeout')" },
        { "grow", ":memory_limit=8388608", "raise the setting 'memory_limit'" },
        { "recurse", "", "recurse.wasm: process overflowed the WebAssembly stack (512 KiB): unbounded recursion?" },
        { "trap", "", "integer divide by zero" },
        { "open-file", ":path=/etc/hostname", "open-file.wasm: process failed: open-file: path_open(/etc/hostname) returned errno 8 (bad file descriptor); path_open('/etc/hostname') was denied: the node is granted no directory" },
        { "bad-json", "", "bad-json.wasm: process wrote a wrong result: it is not JSON" },
    };

    [Theory]
    [MemberData(nameof(Misbehaving))]
    public async Task A_misbehaving_plugin_fails_the_run_with_its_message_while_another_plugin_goes_on(string plugin, string settings, string message)
    {
        CopyPlugins(plugin, "counter-host-state");
        string graph = WriteGraph("bad.fbp", $"""
            INPORT=bad.in:x
            INPORT=host.in:a
            OUTPORT=bad.out:bad
            OUTPORT=host.out:host
            bad(./{plugin}.wasm{settings})
            host(./counter-host-state.wasm)
            """);

        CliRun run = await Run("run", graph, "--input", "x=\"go\"", "--input", "a=5", "--input", "a=6");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("reflow: node 'bad' failed: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal(["5", "11"], Values(run, "host"));
        Assert.Empty(Values(run, "bad"));
    }
}
