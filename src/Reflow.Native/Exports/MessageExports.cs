using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Messages;
using Reflow.Native.Interop;

namespace Reflow.Native.Exports;

/// <summary>rfl_message_to_json.</summary>
internal static unsafe class MessageExports
{
    [ThreadStatic]
    private static NativeBuffer? t_json;

    [UnmanagedCallersOnly(EntryPoint = "rfl_message_to_json", CallConvs = [typeof(CallConvCdecl)])]
    public static int ToJson(RflMessage* message, byte** json, nuint* length)
    {
        try
        {
            Out.Check(json, "json");
            Out.Check(length, "length");
            Message converted = MessageConversion.FromNative(message);
            NativeBuffer buffer = t_json ??= new NativeBuffer();
            int written = buffer.Write(MessageConversion.ToJson(converted));
            *json = buffer.Pointer;
            *length = (nuint)written;
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }
}
