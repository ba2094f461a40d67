using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Promise;
using Jint.Runtime;
using Reflow.Permissions;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// The JS errors and settled promises the host API hands back. Errors carry Deno's names so a script can tell them
/// apart (<c>e.name === "NotCapable"</c>): <c>NotCapable</c> for an access the node's permissions do not grant (its
/// message is <see cref="PermissionDeniedException"/>'s, which names the flag to grant), <c>NotFound</c> for a
/// missing file, <c>PermissionDenied</c> when the operating system refuses, <c>TimeoutError</c> when the node's time
/// limit ends a call, <c>TypeError</c> for a wrong argument or a network failure (as <c>fetch</c> does).
/// </summary>
internal static class JsHostErrors
{
    /// <summary>An Error object of <paramref name="name"/> (a <c>TypeError</c> is a real one).</summary>
    public static ObjectInstance Create(Engine engine, string name, string message)
    {
        if (name == "TypeError")
        {
            return engine.Intrinsics.TypeError.Construct(message);
        }

        ObjectInstance error = engine.Intrinsics.Error.Construct(message);
        if (name != "Error")
        {
            error.Set("name", name);
        }

        return error;
    }

    /// <summary>The error for an access the node's permissions do not grant.</summary>
    public static ObjectInstance NotCapable(Engine engine, PermissionDeniedException denial, string? context = null) =>
        Create(engine, "NotCapable", context is null ? denial.Message : context + denial.Message);

    /// <summary>An exception that throws <paramref name="error"/> in the script, where <c>try/catch</c> catches it.</summary>
    public static JavaScriptException Throw(ObjectInstance error) => new(error);

    /// <summary>A promise already resolved with <paramref name="value"/>.</summary>
    public static JsValue Resolved(Engine engine, JsValue value)
    {
        ManualPromise promise = engine.Advanced.RegisterPromise();
        promise.Resolve(value);
        return promise.Promise;
    }

    /// <summary>A promise already rejected with <paramref name="error"/>.</summary>
    public static JsValue Rejected(Engine engine, JsValue error)
    {
        ManualPromise promise = engine.Advanced.RegisterPromise();
        promise.Reject(error);
        return promise.Promise;
    }

    /// <summary>Runs <paramref name="call"/> and settles a promise with its value, or with the error it throws.</summary>
    public static JsValue Settle(Engine engine, Func<JsValue> call)
    {
        try
        {
            return Resolved(engine, call());
        }
        catch (JavaScriptException ex)
        {
            return Rejected(engine, ex.Error);
        }
    }
}
