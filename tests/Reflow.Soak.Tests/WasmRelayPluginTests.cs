namespace Reflow.Soak.Tests;

/// <summary>The checked-in soak-relay.wasm is what its source, soak-relay.wat, compiles to.</summary>
public sealed class WasmRelayPluginTests
{
    private static readonly string Sources = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../Reflow.Soak/scripts"));

    [Fact]
    public void The_checked_in_plugin_is_its_WAT_source_compiled()
    {
        byte[] compiled = Wasmtime.Module.ConvertText(File.ReadAllText(Path.Combine(Sources, "soak-relay.wat")));
        string binary = Path.Combine(Sources, "soak-relay.wasm");
        if (Environment.GetEnvironmentVariable("REFLOW_SOAK_WRITE_WASM") == "1")
        {
            File.WriteAllBytes(binary, compiled); // regenerates it after an edit of the source
        }

        Assert.True(File.Exists(binary), $"{binary} is missing: run this test once with REFLOW_SOAK_WRITE_WASM=1 to write it.");
        Assert.Equal(compiled, File.ReadAllBytes(binary));
    }
}
