using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Configuration;
using Reflow.Native.Interop;

namespace Reflow.Native.Exports;

/// <summary>The engine, error and version functions of reflow.h.</summary>
internal static unsafe class EngineExports
{
    private const uint AbiVersion = 1;

    [UnmanagedCallersOnly(EntryPoint = "rfl_abi_version", CallConvs = [typeof(CallConvCdecl)])]
    public static uint AbiVersionExport() => AbiVersion;

    [UnmanagedCallersOnly(EntryPoint = "rfl_last_error", CallConvs = [typeof(CallConvCdecl)])]
    public static byte* LastErrorExport() => LastError.Get();

    [UnmanagedCallersOnly(EntryPoint = "rfl_engine_create", CallConvs = [typeof(CallConvCdecl)])]
    public static int Create(byte* toml, nuint tomlLength, nint* engine)
    {
        try
        {
            Out.Check(engine, "engine");
            string text = Utf8.Counted(toml, tomlLength, "The TOML text");
            *engine = HandleTable.Add(new NativeEngine(ReflowConfiguration.LoadText(text, "<toml text>")));
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_engine_create_from_file", CallConvs = [typeof(CallConvCdecl)])]
    public static int CreateFromFile(byte* tomlPath, nint* engine)
    {
        try
        {
            Out.Check(engine, "engine");
            string path = Utf8.Required(tomlPath, "The TOML file path");
            if (!File.Exists(path))
            {
                return ErrorReport.Fail(RflStatus.ErrNotFound, $"The options file {path} does not exist.");
            }

            *engine = HandleTable.Add(new NativeEngine(ReflowConfiguration.Load(path)));
            return (int)RflStatus.Ok;
        }
        catch (Exception e)
        {
            return ErrorReport.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "rfl_engine_destroy", CallConvs = [typeof(CallConvCdecl)])]
    public static void Destroy(nint engine)
    {
        try
        {
            if (engine == 0)
            {
                return;
            }

            NativeEngine target = HandleTable.Get<NativeEngine>(engine, "engine");
            HandleTable.Remove(engine);
            target.Destroy();
        }
        catch (Exception e)
        {
            ErrorReport.Fail(e); // nothing to return: the text is there for a host that looks
        }
    }
}
