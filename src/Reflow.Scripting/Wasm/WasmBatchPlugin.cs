using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Loads a plugin of the batch ABI (it exports <c>reflow_process</c>): checks its exports and their signatures, and
/// reads its description from <c>reflow_metadata</c>, with <c>keep_instance</c> and <c>max_batch</c>.
/// </summary>
internal static class WasmBatchPlugin
{
    /// <summary>The batch size when the metadata names none.</summary>
    public const int DefaultMaxBatch = 1024;

    private static readonly (string Name, ValueKind[] Parameters, ValueKind[] Results, bool Required)[] Functions =
    [
        ("reflow_metadata", [], [ValueKind.Int64], true),
        ("reflow_alloc", [ValueKind.Int32], [ValueKind.Int32], true),
        ("reflow_process", [ValueKind.Int32, ValueKind.Int32], [ValueKind.Int64], true),
        ("reflow_init", [ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32], false),
        ("reflow_error", [], [ValueKind.Int64], false),
    ];

    public static WasmPluginInfo Load(WasmPlugin plugin, string fallback)
    {
        string name = plugin.Name;
        if (plugin.Export("memory") is not MemoryExport)
        {
            throw new ScriptException($"{name}: exports no memory 'memory' (a batch plugin exports memory, reflow_metadata, reflow_alloc and reflow_process)", file: name);
        }

        foreach ((string function, ValueKind[] parameters, ValueKind[] results, bool required) in Functions)
        {
            Export? export = plugin.Export(function);
            if (export is null && !required)
            {
                continue;
            }

            if (export is not FunctionExport found)
            {
                throw new ScriptException($"{name}: exports no function '{function}' (a batch plugin exports memory, reflow_metadata, reflow_alloc and reflow_process)", file: name);
            }

            if (!found.Parameters.SequenceEqual(parameters) || !found.Results.SequenceEqual(results))
            {
                throw new ScriptException($"{name}: {function} is ({string.Join(", ", found.Parameters)}) -> ({string.Join(", ", found.Results)}); " +
                    $"the batch ABI expects ({string.Join(", ", parameters)}) -> ({string.Join(", ", results)})", file: name);
            }
        }

        byte[] metadata = Metadata(plugin);
        ScriptDeclaration declaration = WasmMetadataReader.Read(metadata, name, fallback);
        (bool keep, int? max) = WasmMetadataReader.Options(metadata, name);
        if (declaration.InPorts.Count > 256 || declaration.OutPorts.Count > 256)
        {
            throw new ScriptException($"{name}: declares {declaration.InPorts.Count} in-ports and {declaration.OutPorts.Count} out-ports; a frame's port is one byte, so at most 256 each", file: name);
        }

        plugin.KeepInstance = keep;
        return new WasmPluginInfo(plugin, declaration with { Batch = true, MaxBatchSize = max ?? DefaultMaxBatch });
    }

    private static byte[] Metadata(WasmPlugin plugin)
    {
        ScriptLimits limits = ScriptLimits.Default;
        WasmInstance? instance = null;
        try
        {
            instance = plugin.Instantiate(new WasmCall(null, limits.MemoryBytes, ReadOnlyMemory<byte>.Empty, new WasmNodeState(null)), limits);
            long result = instance.Instance.GetFunction<long>("reflow_metadata")!();
            long length = result & 0xFFFF_FFFF;
            long pointer = (long)((ulong)result >> 32);
            Memory memory = instance.Instance.GetMemory("memory")!;
            if (length == 0 || pointer + length > memory.GetLength())
            {
                throw new ScriptException($"{plugin.Name}: reflow_metadata returned {length} bytes at {pointer}, not a description in its memory ({memory.GetLength()} bytes)", file: plugin.Name);
            }

            return memory.GetSpan(pointer, (int)length).ToArray();
        }
        catch (Exception ex) when (WasmFaults.IsGuestFault(ex))
        {
            throw WasmFaults.Map(ex, plugin.Name, "reflow_metadata", limits, instance?.Instance);
        }
        finally
        {
            instance?.Dispose();
        }
    }
}
