using System.Text;
using Reflow.Messages;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// The Extism kernel a PDK imports from <c>extism:host/env</c>, on the host side: blocks of <see cref="ExtismMemory"/>,
/// the call's input and output, config, vars and log. Defined once per plugin's linker; each call's
/// <see cref="WasmCall"/> is the store's data.
/// </summary>
internal static class ExtismKernel
{
    public const string Module = "extism:host/env";

    /// <summary>Every kernel function a plugin may import (the permission tests classify each).</summary>
    internal static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "alloc", "free", "length", "length_unsafe", "load_u8", "load_u64", "store_u8", "store_u64", "input_length", "input_load_u8",
        "input_load_u64", "input_offset", "output_set", "error_set", "config_get", "var_get", "var_set", "log_info", "log_debug",
        "log_warn", "log_error", "log_trace", "get_log_level",
    };

    /// <summary>Whether the kernel defines <paramref name="name"/>.</summary>
    public static bool Defines(string name) => Names.Contains(name);

    public static void Define(Linker linker)
    {
        linker.DefineFunction(Module, "alloc", (Caller c, long n) => Call(c).Memory.Alloc(n));
        linker.DefineFunction(Module, "free", (Caller c, long offset) => Call(c).Memory.Free(offset));
        linker.DefineFunction(Module, "length", (Caller c, long offset) => Call(c).Memory.Length(offset));
        linker.DefineFunction(Module, "length_unsafe", (Caller c, long offset) => Call(c).Memory.Length(offset));
        linker.DefineFunction(Module, "load_u8", (Caller c, long offset) => (int)Call(c).Memory.LoadU8(offset));
        linker.DefineFunction(Module, "load_u64", (Caller c, long offset) => Call(c).Memory.LoadU64(offset));
        linker.DefineFunction(Module, "store_u8", (Caller c, long offset, int value) => Call(c).Memory.StoreU8(offset, (byte)value));
        linker.DefineFunction(Module, "store_u64", (Caller c, long offset, long value) => Call(c).Memory.StoreU64(offset, value));
        linker.DefineFunction(Module, "input_length", (Caller c) => (long)Call(c).Input.Length);
        linker.DefineFunction(Module, "input_load_u8", (Caller c, long offset) => (int)InputSlice(Call(c), offset, 1)[0]);
        linker.DefineFunction(Module, "input_load_u64", (Caller c, long offset) => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(InputSlice(Call(c), offset, 8)));
        linker.DefineFunction(Module, "input_offset", (Caller c) => Call(c).InputOffset);
        linker.DefineFunction(Module, "output_set", (Caller c, long offset, long length) =>
        {
            Call(c).SetOutput(offset, length);
        });
        linker.DefineFunction(Module, "error_set", (Caller c, long offset) =>
        {
            WasmCall call = Call(c);
            call.Error = offset == 0 ? null : Encoding.UTF8.GetString(call.Memory.Block(offset));
        });
        linker.DefineFunction(Module, "config_get", (Caller c, long keyOffset) => ConfigGet(Call(c), keyOffset));
        linker.DefineFunction(Module, "var_get", (Caller c, long keyOffset) =>
        {
            WasmCall call = Call(c);
            return call.Node.Vars.TryGetValue(Text(call, keyOffset), out byte[]? value) ? call.Memory.Alloc(value) : 0L;
        });
        linker.DefineFunction(Module, "var_set", (Caller c, long keyOffset, long valueOffset) =>
        {
            WasmCall call = Call(c);
            string key = Text(call, keyOffset);
            if (valueOffset == 0)
            {
                call.Node.Vars.Remove(key);
            }
            else
            {
                call.Node.Vars[key] = call.Memory.Block(valueOffset).ToArray();
            }
        });
        DefineLog(linker, "log_info", "info");
        DefineLog(linker, "log_debug", "debug");
        DefineLog(linker, "log_warn", "warn");
        DefineLog(linker, "log_error", "error");
        DefineLog(linker, "log_trace", "debug");
        linker.DefineFunction(Module, "get_log_level", (Caller c) => 0); // everything is logged: the run's event stream filters
    }

    public static WasmCall Call(Caller caller) => (WasmCall)caller.GetData()!;

    public static string Text(WasmCall call, long offset) => Encoding.UTF8.GetString(call.Memory.Block(offset));

    private static void DefineLog(Linker linker, string name, string level) =>
        linker.DefineFunction(Module, name, (Caller c, long offset) =>
        {
            WasmCall call = Call(c);
            call.Node.Log(Text(call, offset), level);
        });

    private static ReadOnlySpan<byte> InputSlice(WasmCall call, long offset, int length) =>
        offset < 0 || offset + length > call.Input.Length
            ? throw new WasmPluginFault($"input read out of bounds: {length} bytes at {offset} (the input has {call.Input.Length})")
            : call.Input.Span.Slice((int)offset, length);

    private static long ConfigGet(WasmCall call, long keyOffset)
    {
        string key = Text(call, keyOffset);
        if (call.Node.Context is not { } context || !context.Configuration.TryGetValue(key, out Message value))
        {
            return 0;
        }

        // Extism config values are strings: a text setting as itself, any other as its JSON.
        byte[] bytes = value.Kind == MessageKind.String ? Encoding.UTF8.GetBytes(value.AsString()) : MessageJson.ToUtf8Json(value);
        return call.Memory.Alloc(bytes);
    }
}
