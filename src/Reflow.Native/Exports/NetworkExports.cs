using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Native.Interop;

namespace Reflow.Native.Exports;

/// <summary>The network functions of reflow.h: load, ports, start, wait, stop, failures, events, destroy.</summary>
internal static unsafe class NetworkExports
{
    [UnmanagedCallersOnly(EntryPoint = "rfl_network_load_file", CallConvs = [typeof(CallConvCdecl)])]
    public static int LoadFile(nint engine, byte* path, nint* network)
    {
        try
        {
            Out.Check(network, "network");
            NativeEngine target = HandleTable.Get<NativeEngine>(engine, "engine");
            return Publish(target.LoadFile(Utf8.Required(path, "The graph path")), network);
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_load_text", CallConvs = [typeof(CallConvCdecl)])]
    public static int LoadText(nint engine, byte* text, nuint length, byte* format, byte* name, nint* network)
    {
        try
        {
            Out.Check(network, "network");
            NativeEngine target = HandleTable.Get<NativeEngine>(engine, "engine");
            string graph = Utf8.Counted(text, length, "The graph text");
            return Publish(target.LoadText(graph, Utf8.Optional(format, "The format"), Utf8.Optional(name, "The name")), network);
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_input", CallConvs = [typeof(CallConvCdecl)])]
    public static int Input(nint network, byte* port, nint* input)
    {
        try
        {
            Out.Check(input, "input");
            *input = HandleTable.Get<NativeNetwork>(network, "network").Input(Utf8.Required(port, "The port name")).Handle;
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_output", CallConvs = [typeof(CallConvCdecl)])]
    public static int Output(nint network, byte* port, nint* output)
    {
        try
        {
            Out.Check(output, "output");
            *output = HandleTable.Get<NativeNetwork>(network, "network").Output(Utf8.Required(port, "The port name")).Handle;
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_start", CallConvs = [typeof(CallConvCdecl)])]
    public static int Start(nint network)
    {
        try
        {
            HandleTable.Get<NativeNetwork>(network, "network").Start();
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_wait", CallConvs = [typeof(CallConvCdecl)])]
    public static int Wait(nint network, int timeoutMs, RflRunResult* result)
    {
        try
        {
            return (int)HandleTable.Get<NativeNetwork>(network, "network").Wait(timeoutMs, result);
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_stop", CallConvs = [typeof(CallConvCdecl)])]
    public static int Stop(nint network, RflRunResult* result)
    {
        try
        {
            HandleTable.Get<NativeNetwork>(network, "network").Stop(result);
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_failure", CallConvs = [typeof(CallConvCdecl)])]
    public static int Failure(nint network, nuint index, byte** text)
    {
        try
        {
            Out.Check(text, "text");
            *text = HandleTable.Get<NativeNetwork>(network, "network").Failure(index);
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_on_event", CallConvs = [typeof(CallConvCdecl)])]
    public static int OnEvent(nint network, delegate* unmanaged<RflEvent*, void*, void> callback, void* userData)
    {
        try
        {
            HandleTable.Get<NativeNetwork>(network, "network").OnEvent(callback, userData);
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_network_destroy", CallConvs = [typeof(CallConvCdecl)])]
    public static void Destroy(nint network)
    {
        try
        {
            if (network != 0)
            {
                HandleTable.Get<NativeNetwork>(network, "network").Destroy();
            }
        }
        catch (Exception e)
        {
            ErrorReport.Fail(e);
        }
    }

    private static int Publish(NativeNetwork loaded, nint* network)
    {
        loaded.Handle = HandleTable.Add(loaded);
        *network = loaded.Handle;
        return (int)RflStatus.Ok;
    }
}
