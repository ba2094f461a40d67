using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Native.Interop;

namespace Reflow.Native.Exports;

/// <summary>Registering C components, and the functions their callbacks call with their context.</summary>
internal static unsafe class ComponentExports
{
    [UnmanagedCallersOnly(EntryPoint = "rfl_component_register", CallConvs = [typeof(CallConvCdecl)])]
    public static int Register(nint engine, RflComponentDef* definition)
    {
        try
        {
            NativeEngine target = HandleTable.Get<NativeEngine>(engine, "engine");
            target.Register(NativeComponentDefinition.Read(definition));
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_emit", CallConvs = [typeof(CallConvCdecl)])]
    public static int Emit(nint context, int port, RflMessage* message)
    {
        try
        {
            NativeActor.FromContext(context).Emit(port, message);
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_emit_batch", CallConvs = [typeof(CallConvCdecl)])]
    public static int EmitBatch(nint context, int port, RflMessage* messages, nuint count, nuint* emitted)
    {
        if (emitted is not null)
        {
            *emitted = 0; // stays 0 when the context is refused
        }

        try
        {
            NativeActor.FromContext(context).EmitBatch(port, messages, count, emitted);
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_context_fail", CallConvs = [typeof(CallConvCdecl)])]
    public static void Fail(nint context, byte* text)
    {
        try
        {
            NativeActor.FromContext(context).Fail(Utf8.Optional(text, "The failure text") ?? "the callback failed (rfl_context_fail with NULL text)");
        }
        catch (Exception e)
        {
            ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_context_node_id", CallConvs = [typeof(CallConvCdecl)])]
    public static byte* NodeId(nint context)
    {
        try
        {
            return NativeActor.FromContext(context).NodeId;
        }
        catch (Exception e)
        {
            ErrorReport.Fail(e);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_context_config", CallConvs = [typeof(CallConvCdecl)])]
    public static int Config(nint context, byte** json, nuint* length)
    {
        try
        {
            Out.Check(json, "json");
            Out.Check(length, "length");
            (nint text, int count) = NativeActor.FromContext(context).Config();
            *json = (byte*)text;
            *length = (nuint)count;
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_context_node_data", CallConvs = [typeof(CallConvCdecl)])]
    public static void* NodeData(nint context)
    {
        try
        {
            return NativeActor.FromContext(context).NodeData;
        }
        catch (Exception e)
        {
            ErrorReport.Fail(e);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_context_set_node_data", CallConvs = [typeof(CallConvCdecl)])]
    public static void SetNodeData(nint context, void* data)
    {
        try
        {
            NativeActor.FromContext(context).NodeData = data;
        }
        catch (Exception e)
        {
            ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_context_component_data", CallConvs = [typeof(CallConvCdecl)])]
    public static void* ComponentData(nint context)
    {
        try
        {
            return NativeActor.FromContext(context).ComponentData;
        }
        catch (Exception e)
        {
            ErrorReport.Fail(e);
            return null;
        }
    }
}
