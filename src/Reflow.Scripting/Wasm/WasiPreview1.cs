using System.Security.Cryptography;
using System.Text;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// The part of WASI preview 1 a plugin gets: stdout and stderr into the node's log, the clocks, random bytes, no
/// arguments, the environment variables the node's grant allows (none unless granted), files under the directories
/// the node is granted <c>read</c> or <c>write</c> (<see cref="WasiFiles"/>), and <c>proc_exit</c> as the end of the call (a failure, except <c>proc_exit(0)</c> of a JSON-ABI plugin that set no error: success, as in Extism's host).
/// Every other WASI function a plugin imports (sockets, polling, links, times) answers <c>ENOTCAPABLE</c>.
/// </summary>
internal static class WasiPreview1
{
    public const string Module = "wasi_snapshot_preview1";

    private const int Success = WasiCodes.Success;
    private const int Invalid = WasiCodes.Invalid;
    private const int NotCapable = WasiCodes.NotCapable;

    public static void Define(Linker linker, FunctionImport function, string plugin)
    {
        switch (function.Name)
        {
            case "fd_write":
                linker.DefineFunction(Module, "fd_write", (Caller c, int fd, int iovs, int count, int written) => FdWrite(c, fd, iovs, count, written));
                break;
            case "clock_time_get":
                linker.DefineFunction(Module, "clock_time_get", (Caller c, int id, long precision, int output) => ClockTimeGet(c, id, output));
                break;
            case "clock_res_get":
                linker.DefineFunction(Module, "clock_res_get", (Caller c, int id, int output) =>
                {
                    Memory(c).WriteInt64(output, 1_000);
                    return Success;
                });
                break;
            case "random_get":
                linker.DefineFunction(Module, "random_get", (Caller c, int buffer, int length) =>
                {
                    RandomNumberGenerator.Fill(Memory(c).GetSpan(buffer, length));
                    return Success;
                });
                break;
            case "args_sizes_get":
                linker.DefineFunction(Module, function.Name, (Caller c, int count, int size) =>
                {
                    Memory(c).WriteInt32(count, 0);
                    Memory(c).WriteInt32(size, 0);
                    return Success;
                });
                break;
            case "args_get":
                linker.DefineFunction(Module, function.Name, (Caller c, int pointers, int buffer) => Success);
                break;
            case "environ_sizes_get":
                linker.DefineFunction(Module, function.Name, (Caller c, int count, int size) =>
                {
                    byte[][] variables = GrantedEnvironment(c);
                    int bytes = 0;
                    foreach (byte[] variable in variables)
                    {
                        bytes += variable.Length;
                    }

                    Memory(c).WriteInt32(count, variables.Length);
                    Memory(c).WriteInt32(size, bytes);
                    return Success;
                });
                break;
            case "environ_get":
                linker.DefineFunction(Module, function.Name, (Caller c, int pointers, int buffer) =>
                {
                    Memory memory = Memory(c);
                    byte[][] variables = GrantedEnvironment(c);
                    for (int i = 0; i < variables.Length; i++)
                    {
                        memory.WriteInt32(pointers + (i * 4), buffer);
                        variables[i].CopyTo(memory.GetSpan(buffer, variables[i].Length));
                        buffer += variables[i].Length;
                    }

                    return Success;
                });
                break;
            case "sched_yield":
                linker.DefineFunction(Module, "sched_yield", () => Success);
                break;
            case "proc_exit":
                linker.DefineFunction(Module, "proc_exit", (Caller c, int code) =>
                {
                    throw new WasmPluginFault(ExtismKernel.Call(c).Explain($"the plugin exited (proc_exit({code}))"), exitCode: code);
                });
                break;
            default:
                if (WasiFiles.Define(linker, function, plugin))
                {
                    break;
                }

                if (function.Results.Count != 1 || function.Results[0] != ValueKind.Int32)
                {
                    throw new ScriptException($"{plugin}: imports {Module}.{function.Name}, which the host does not provide", file: plugin);
                }

                linker.DefineFunction(Module, function.Name, (Caller c, ReadOnlySpan<ValueBox> args, Span<ValueBox> results) => results[0] = NotCapable,
                    function.Parameters, function.Results);
                break;
        }
    }

    /// <summary>
    /// The process's environment variables the node's grant allows (<c>--allow-env</c>: names or prefixes), as
    /// <c>NAME=value\0</c> in ordinal order of names: none unless granted, and the same list for both WASI calls.
    /// </summary>
    private static byte[][] GrantedEnvironment(Caller caller)
    {
        if (ExtismKernel.Call(caller).Node.Context?.Permissions is not { IsNone: false } permissions)
        {
            return [];
        }

        var granted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value && permissions.AllowsEnv(name))
            {
                granted[name] = value;
            }
        }

        var variables = new byte[granted.Count][];
        int i = 0;
        foreach ((string name, string value) in granted)
        {
            variables[i++] = Encoding.UTF8.GetBytes($"{name}={value}\0");
        }

        return variables;
    }

    public static Memory Memory(Caller caller) =>
        caller.GetMemory("memory") ?? throw new WasmPluginFault("a WASI call needs the plugin to export its memory as 'memory'");

    private static int FdWrite(Caller caller, int fd, int iovs, int count, int written)
    {
        Memory memory = Memory(caller);
        if (fd is not (1 or 2))
        {
            return WasiFiles.Write(ExtismKernel.Call(caller), memory, fd, iovs, count, at: null, written);
        }

        var text = new StringBuilder();
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            int pointer = memory.ReadInt32(iovs + (i * 8));
            int length = memory.ReadInt32(iovs + (i * 8) + 4);
            text.Append(Encoding.UTF8.GetString(memory.GetSpan(pointer, length)));
            total += length;
        }

        memory.WriteInt32(written, total);
        string line = text.ToString().TrimEnd('\n');
        if (line.Length > 0)
        {
            ExtismKernel.Call(caller).Node.Log(line, fd == 1 ? "log" : "error");
        }

        return Success;
    }

    private static int ClockTimeGet(Caller caller, int id, int output)
    {
        long nanoseconds = id switch
        {
            0 => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100,
            1 or 2 or 3 => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency)),
            _ => -1,
        };
        if (nanoseconds < 0)
        {
            return Invalid;
        }

        Memory(caller).WriteInt64(output, nanoseconds);
        return Success;
    }
}
