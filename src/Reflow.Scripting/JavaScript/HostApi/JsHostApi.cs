using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Reflow.Permissions;
using Reflow.Scripting.Http;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// The host API a JavaScript node sees, with Deno's names, each access behind the node's permissions
/// (<see cref="ScriptContext.Permissions"/>, nothing by default): <c>fetch(url, init)</c> (net),
/// <c>Deno.readTextFile</c> / <c>Deno.readTextFileSync</c> (read), <c>Deno.writeTextFile</c> /
/// <c>Deno.writeTextFileSync</c> (write), <c>Deno.env.get</c> / <c>Deno.env.has</c> (env), and
/// <c>Deno.permissions.query</c> / <c>querySync</c> to ask what is granted without trying.
/// </summary>
/// <remarks>
/// <para>A denied access throws (or, from a promise form, rejects with) an Error named <c>NotCapable</c>, as Deno 2 names
/// it, whose message is <see cref="PermissionDeniedException"/>'s: it names the <c>--allow-*</c> flag and the
/// <c>permissions</c> key that grant it. A script may catch it; uncaught, it fails the node like any script error.
/// Other failures are JS errors too (<see cref="JsHostErrors"/>): a missing file names its path, a refused
/// connection names the host.</para>
/// <para>The engine runs on its pool's own thread, which may block, so every call does its I/O synchronously and the
/// promise forms return promises that are already settled. A blocking call ends when the node's time limit does
/// (<see cref="HostCallDeadline"/>). The API is made of plain JS objects and functions: no CLR object reaches the script.</para>
/// </remarks>
internal static class JsHostApi
{
    /// <summary>Defines <c>fetch</c> and <c>Deno</c> on <paramref name="engine"/> for the node of <paramref name="context"/>.</summary>
    /// <param name="engine">The node's engine.</param>
    /// <param name="context">The node's context: its permissions, base directory and limits.</param>
    /// <param name="callDeadline">When the current call into the script must end (an <see cref="Environment.TickCount64"/>; <see cref="long.MaxValue"/>: never), when the engine says; a host call ends with it.</param>
    public static void Install(Engine engine, ScriptContext context, Func<long>? callDeadline = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(context);
        var deadline = new HostCallDeadline(context.Limits.Timeout, callDeadline);
        var files = new JsFiles(engine, context);
        var fetch = new JsFetch(engine, context, deadline, HostHttpClient.Instance);

        engine.SetValue("fetch", FetchResponse.Function(engine, "fetch", fetch.Fetch, 1));

        var deno = new JsObject(engine);
        deno.FastSetDataProperty("readTextFile", FetchResponse.Function(engine, "readTextFile", files.ReadTextFile, 1));
        deno.FastSetDataProperty("readTextFileSync", FetchResponse.Function(engine, "readTextFileSync", files.ReadTextFileSync, 1));
        deno.FastSetDataProperty("writeTextFile", FetchResponse.Function(engine, "writeTextFile", files.WriteTextFile, 2));
        deno.FastSetDataProperty("writeTextFileSync", FetchResponse.Function(engine, "writeTextFileSync", files.WriteTextFileSync, 2));
        deno.FastSetDataProperty("env", Environment(engine, context));
        deno.FastSetDataProperty("permissions", Permissions(engine, context));
        engine.SetValue("Deno", deno);
    }

    private static JsObject Environment(Engine engine, ScriptContext context)
    {
        var env = new JsObject(engine);
        env.FastSetDataProperty("get", FetchResponse.Function(engine, "get", (_, a) =>
            Read(engine, context, a, "Deno.env.get") is string value ? value : JsValue.Undefined, 1));
        env.FastSetDataProperty("has", FetchResponse.Function(engine, "has", (_, a) =>
            Read(engine, context, a, "Deno.env.has") is not null, 1));
        return env;
    }

    private static string? Read(Engine engine, ScriptContext context, JsValue[] arguments, string api)
    {
        JsValue name = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
        if (!name.IsString() || name.AsString().Length == 0)
        {
            throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", $"{api}(name): name must be a non-empty string, not {JsFiles.Describe(name)}"));
        }

        try
        {
            return context.Permissions.GetEnvironmentVariable(name.AsString());
        }
        catch (PermissionDeniedException denial)
        {
            throw JsHostErrors.Throw(JsHostErrors.NotCapable(engine, denial));
        }
    }

    /// <summary><c>Deno.permissions.query({ name: "read", path })</c>: <c>{ state: "granted" | "denied" }</c>, never a prompt.</summary>
    private static JsObject Permissions(Engine engine, ScriptContext context)
    {
        JsValue QuerySync(JsValue[] arguments)
        {
            JsValue descriptor = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
            if (!descriptor.IsObject())
            {
                throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", "Deno.permissions.query(descriptor): descriptor must be an object such as { name: 'read', path: './data' }"));
            }

            bool granted = Granted(engine, context, descriptor.AsObject());
            var status = new JsObject(engine);
            status.FastSetDataProperty("state", granted ? "granted" : "denied");
            return status;
        }

        var permissions = new JsObject(engine);
        permissions.FastSetDataProperty("querySync", FetchResponse.Function(engine, "querySync", (_, a) => QuerySync(a), 1));
        permissions.FastSetDataProperty("query", FetchResponse.Function(engine, "query", (_, a) => JsHostErrors.Settle(engine, () => QuerySync(a)), 1));
        return permissions;
    }

    private static bool Granted(Engine engine, ScriptContext context, ObjectInstance descriptor)
    {
        string name = TypeConverter.ToString(descriptor.Get("name"));
        (PermissionKind kind, string key) = name switch
        {
            "read" => (PermissionKind.Read, "path"),
            "write" => (PermissionKind.Write, "path"),
            "net" => (PermissionKind.Net, "host"),
            "env" => (PermissionKind.Env, "variable"),
            "run" => (PermissionKind.Run, "command"),
            _ => throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError",
                $"Deno.permissions.query: '{name}' is not a permission: expected read, write, net, env or run")),
        };
        PermissionSet permissions = context.Permissions;
        JsValue target = descriptor.Get(key);
        if (target.IsUndefined())
        {
            return permissions.IsUnrestricted(kind); // the whole kind
        }

        string text = TypeConverter.ToString(target);
        try
        {
            return kind switch
            {
                PermissionKind.Read => permissions.AllowsRead(context.Actor.ResolvePath(text)),
                PermissionKind.Write => permissions.AllowsWrite(context.Actor.ResolvePath(text)),
                _ => permissions.TryCheck(kind, text, out _),
            };
        }
        catch (ArgumentException ex)
        {
            throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", $"Deno.permissions.query: {ex.Message}"));
        }
    }
}
