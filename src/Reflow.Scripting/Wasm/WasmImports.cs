using System.Text.Json;
using Reflow.Messages;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Links a plugin's imports: the Extism kernel, the host functions of <c>extism:host/user</c> (bound by the signatures
/// the module declares, since PDKs differ), and WASI preview 1. An import nothing here provides fails the load
/// with its name, before any message.
/// </summary>
internal static class WasmImports
{
    public const string UserModule = "extism:host/user";

    /// <summary>
    /// What a batch plugin (the batch ABI) may import from the kernel: the log functions and the block functions a
    /// log message is written with. Input, output, config, vars, HTTP and the host functions are the JSON ABI's.
    /// </summary>
    private static readonly string[] BatchKernel =
        ["log_info", "log_debug", "log_warn", "log_error", "log_trace", "get_log_level", "alloc", "free", "length", "length_unsafe", "store_u8", "store_u64"];

    public static Linker Link(Engine engine, Module module, string plugin, bool batch = false)
    {
        var linker = new Linker(engine);
        ExtismKernel.Define(linker);
        ExtismHttp.Define(linker);
        foreach (Import import in module.Imports)
        {
            if (import is not FunctionImport function)
            {
                throw new ScriptException($"{plugin}: imports {import.ModuleName}.{import.Name}, which is not a function: the host provides functions only", file: plugin);
            }

            if (batch && import.ModuleName != WasiPreview1.Module && !(import.ModuleName == ExtismKernel.Module && Array.IndexOf(BatchKernel, import.Name) >= 0))
            {
                throw new ScriptException($"{plugin}: imports {import.ModuleName}.{import.Name}, which a batch plugin (it exports reflow_process) cannot use: " +
                    $"it may import {WasiPreview1.Module} and from {ExtismKernel.Module} {string.Join(", ", BatchKernel)}", file: plugin);
            }

            switch (import.ModuleName)
            {
                case ExtismKernel.Module when ExtismKernel.Defines(import.Name):
                    break;
                case ExtismKernel.Module when Array.IndexOf(ExtismHttp.Names, import.Name) >= 0:
                    break;
                case UserModule:
                    DefineUser(linker, function, plugin);
                    break;
                case WasiPreview1.Module:
                    WasiPreview1.Define(linker, function, plugin);
                    break;
                default:
                    throw new ScriptException($"{plugin}: imports {import.ModuleName}.{import.Name}, which the host does not provide " +
                        $"(it provides {ExtismKernel.Module}, {UserModule}: __send_output, __get_state, __set_state, and {WasiPreview1.Module})", file: plugin);
            }
        }

        return linker;
    }

    private static void DefineUser(Linker linker, FunctionImport function, string plugin)
    {
        IReadOnlyList<ValueKind> parameters = function.Parameters;
        IReadOnlyList<ValueKind> results = function.Results;
        int arity = function.Name switch
        {
            "__send_output" => 1,
            "__get_state" => 1,
            "__set_state" => 2,
            _ => throw new ScriptException($"{plugin}: imports {UserModule}.{function.Name}, which the host does not provide (it provides __send_output, __get_state, __set_state)", file: plugin),
        };
        bool integers = true;
        foreach (ValueKind kind in parameters)
        {
            integers &= kind is ValueKind.Int64 or ValueKind.Int32;
        }

        foreach (ValueKind kind in results)
        {
            integers &= kind is ValueKind.Int64 or ValueKind.Int32;
        }

        if (parameters.Count != arity || results.Count > 1 || !integers)
        {
            throw new ScriptException($"{plugin}: imports {UserModule}.{function.Name} with a signature the host cannot bind: ({string.Join(", ", parameters)}) -> ({string.Join(", ", results)}); " +
                $"expected {arity} integer offset(s) and at most one integer result", file: plugin);
        }

        string name = function.Name;
        ValueKind? result = results.Count == 1 ? results[0] : null;
        linker.DefineFunction(UserModule, name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> output) =>
        {
            WasmCall call = ExtismKernel.Call(caller);
            long value = name switch
            {
                "__send_output" => SendOutput(call, Offset(args[0])),
                "__get_state" => GetState(call, Offset(args[0])),
                _ => SetState(call, Offset(args[0]), Offset(args[1])),
            };
            if (result is { } kind)
            {
                output[0] = kind == ValueKind.Int32 ? (ValueBox)(int)value : (ValueBox)value;
            }
        }, parameters, results);
    }

    private static long Offset(ValueBox value)
    {
        try
        {
            return value.AsInt64();
        }
        catch (InvalidCastException)
        {
            return value.AsInt32();
        }
    }

    /// <summary>A JSON object <c>{port: value}</c> in the plain form, each value emitted at once.</summary>
    private static long SendOutput(WasmCall call, long offset)
    {
        Message sent;
        try
        {
            sent = MessageJson.Parse(call.Memory.Block(offset));
        }
        catch (MessageFormatException ex)
        {
            throw new WasmPluginFault($"__send_output: the outputs are not JSON: {ex.Message}");
        }

        if (sent.Kind != MessageKind.Object)
        {
            throw new WasmPluginFault($"__send_output: expected a JSON object {{\"port\": value}}, got {sent.Kind}");
        }

        foreach (KeyValuePair<string, Message> entry in sent.AsObject())
        {
            call.Node.Emit(entry.Key, entry.Value);
        }

        return 0;
    }

    private static long GetState(WasmCall call, long keyOffset) =>
        call.Node.State.TryGetValue(ExtismKernel.Text(call, keyOffset), out byte[]? value) ? call.Memory.Alloc(value) : call.Memory.Alloc("null"u8);

    private static long SetState(WasmCall call, long keyOffset, long valueOffset)
    {
        string key = ExtismKernel.Text(call, keyOffset);
        ReadOnlySpan<byte> value = call.Memory.Block(valueOffset);
        var reader = new Utf8JsonReader(value);
        try
        {
            reader.Read();
            reader.Skip();
            if (reader.Read())
            {
                throw new JsonException("content after the value");
            }
        }
        catch (JsonException ex)
        {
            throw new WasmPluginFault($"__set_state('{key}'): the value is not JSON: {ex.Message}");
        }

        call.Node.State[key] = value.ToArray();
        return 0;
    }
}
