using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Native.Interop;

namespace Reflow.Native.Exports;

/// <summary>Sending to exported in-ports and reading exported out-ports: the host's hot path.</summary>
internal static unsafe class PortExports
{
    [UnmanagedCallersOnly(EntryPoint = "rfl_input_send", CallConvs = [typeof(CallConvCdecl)])]
    public static int Send(nint input, RflMessage* message, int timeoutMs)
    {
        try
        {
            return (int)HandleTable.Get<NativeInput>(input, "input").Send(message, timeoutMs);
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_input_try_send", CallConvs = [typeof(CallConvCdecl)])]
    public static int TrySend(nint input, RflMessage* message)
    {
        try
        {
            return (int)HandleTable.Get<NativeInput>(input, "input").TrySend(message);
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_input_complete", CallConvs = [typeof(CallConvCdecl)])]
    public static int Complete(nint input)
    {
        try
        {
            HandleTable.Get<NativeInput>(input, "input").Complete();
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_output_receive", CallConvs = [typeof(CallConvCdecl)])]
    public static int Receive(nint output, RflMessage* message, int timeoutMs)
    {
        try
        {
            return (int)HandleTable.Get<NativeOutput>(output, "output").Receive(message, timeoutMs);
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_output_try_receive", CallConvs = [typeof(CallConvCdecl)])]
    public static int TryReceive(nint output, RflMessage* message)
    {
        try
        {
            return (int)HandleTable.Get<NativeOutput>(output, "output").TryReceive(message);
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_input_try_send_batch", CallConvs = [typeof(CallConvCdecl)])]
    public static int TrySendBatch(nint input, RflMessage* messages, nuint count, nuint* sent)
    {
        if (sent is not null)
        {
            *sent = 0; // stays 0 when the input is refused
        }

        try
        {
            return (int)HandleTable.Get<NativeInput>(input, "input").TrySendBatch(messages, count, sent);
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }
}
