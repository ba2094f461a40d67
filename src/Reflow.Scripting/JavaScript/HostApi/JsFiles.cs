using System.Text;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Reflow.Permissions;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// <c>Deno.readTextFile</c>, <c>Deno.writeTextFile</c> and their <c>…Sync</c> forms. A path resolves against the
/// node's base directory (<see cref="Reflow.Actors.ActorContext.ResolvePath"/>: the graph file's directory), is checked
/// against the node's <c>read</c> or <c>write</c> grant, and the path the check returns (links resolved) is the one
/// opened, so what is opened is what was checked.
/// </summary>
/// <remarks>
/// The calls are synchronous: the engine runs on its pool's own thread, which may block, and the promise forms return
/// an already settled promise. A local file is read or written in one go; a file larger than the node's memory limit
/// is refused before it is read, since the bytes would live outside the engine's own accounting.
/// </remarks>
internal sealed class JsFiles(Engine engine, ScriptContext context)
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public JsValue ReadTextFile(JsValue thisObject, JsValue[] arguments) =>
        JsHostErrors.Settle(engine, () => ReadTextFileSync(thisObject, arguments));

    public JsValue ReadTextFileSync(JsValue thisObject, JsValue[] arguments)
    {
        const string api = "Deno.readTextFile";
        string path = PathArgument(api, arguments);
        string resolved = Resolve(api, path);
        string granted = Check(PermissionKind.Read, resolved);
        try
        {
            var info = new FileInfo(granted);
            if (context.Limits.MemoryBytes is long limit && info.Exists && info.Length > limit)
            {
                throw JsHostErrors.Throw(JsHostErrors.Create(engine, "Error",
                    $"{api}('{path}'): the file is {info.Length} bytes, more than the node's memory limit of {limit} bytes ('memory_limit')"));
            }

            return File.ReadAllText(granted, s_utf8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw JsHostErrors.Throw(FileError(api, path, resolved, ex));
        }
    }

    public JsValue WriteTextFile(JsValue thisObject, JsValue[] arguments) =>
        JsHostErrors.Settle(engine, () => WriteTextFileSync(thisObject, arguments));

    public JsValue WriteTextFileSync(JsValue thisObject, JsValue[] arguments)
    {
        const string api = "Deno.writeTextFile";
        string path = PathArgument(api, arguments);
        JsValue data = arguments.Length > 1 ? arguments[1] : JsValue.Undefined;
        if (!data.IsString())
        {
            throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", $"{api}('{path}', data): data must be a string, not {Describe(data)}"));
        }

        (bool append, bool create) = WriteOptions(api, path, arguments.Length > 2 ? arguments[2] : JsValue.Undefined);
        string resolved = Resolve(api, path);
        string granted = Check(PermissionKind.Write, resolved);
        try
        {
            FileMode mode = append ? (create ? FileMode.Append : FileMode.Open) : (create ? FileMode.Create : FileMode.Truncate);
            using var file = new FileStream(granted, mode, FileAccess.Write, FileShare.Read);
            if (append && !create)
            {
                file.Seek(0, SeekOrigin.End);
            }

            byte[] bytes = s_utf8.GetBytes(data.AsString());
            file.Write(bytes);
            return JsValue.Undefined;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw JsHostErrors.Throw(FileError(api, path, resolved, ex));
        }
    }

    private string PathArgument(string api, JsValue[] arguments)
    {
        JsValue path = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
        if (path.IsString() && path.AsString().Length > 0)
        {
            return path.AsString();
        }

        // A URL object (file:///…) stands for its path, as in Deno.
        if (path.IsObject() && TypeConverter.ToString(path) is string text && Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.IsFile)
        {
            return uri.LocalPath;
        }

        throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", $"{api}(path): path must be a non-empty string, not {Describe(path)}"));
    }

    private string Resolve(string api, string path)
    {
        try
        {
            return context.Actor.ResolvePath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", $"{api}('{path}'): not a path: {ex.Message}"));
        }
    }

    private string Check(PermissionKind kind, string resolved)
    {
        try
        {
            return kind == PermissionKind.Read ? context.Permissions.CheckRead(resolved) : context.Permissions.CheckWrite(resolved);
        }
        catch (PermissionDeniedException denial)
        {
            throw JsHostErrors.Throw(JsHostErrors.NotCapable(engine, denial));
        }
        catch (ArgumentException ex)
        {
            throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", ex.Message));
        }
    }

    private (bool Append, bool Create) WriteOptions(string api, string path, JsValue options)
    {
        if (options.IsUndefined() || options.IsNull())
        {
            return (false, true);
        }

        if (!options.IsObject())
        {
            throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", $"{api}('{path}', data, options): options must be an object such as {{ append: true }}, not {Describe(options)}"));
        }

        JsValue append = options.AsObject().Get("append");
        JsValue create = options.AsObject().Get("create");
        return (TypeConverter.ToBoolean(append), create.IsUndefined() || TypeConverter.ToBoolean(create));
    }

    private Jint.Native.Object.ObjectInstance FileError(string api, string path, string resolved, Exception ex) => ex switch
    {
        FileNotFoundException => JsHostErrors.Create(engine, "NotFound", $"{api}('{path}'): no such file: '{resolved}'"),
        DirectoryNotFoundException => JsHostErrors.Create(engine, "NotFound", $"{api}('{path}'): no such directory: '{Path.GetDirectoryName(resolved)}'"),
        UnauthorizedAccessException when Directory.Exists(resolved) => JsHostErrors.Create(engine, "IsADirectory", $"{api}('{path}'): '{resolved}' is a directory"),
        UnauthorizedAccessException => JsHostErrors.Create(engine, "PermissionDenied", $"{api}('{path}'): the system refuses access to '{resolved}': {ex.Message}"),
        _ => JsHostErrors.Create(engine, "Error", $"{api}('{path}'): {ex.Message}"),
    };

    /// <summary>What a wrong argument was, for an error message.</summary>
    public static string Describe(JsValue value) =>
        value.IsUndefined() ? "undefined" : value.IsNull() ? "null" : value.IsString() ? "a string" : value.IsObject() ? "an object" : $"a {value.Type.ToString().ToLowerInvariant()}";
}
