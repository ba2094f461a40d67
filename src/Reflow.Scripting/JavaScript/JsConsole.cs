using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Reflow.Scripting.JavaScript;

/// <summary>The script's <c>console</c>: <c>log</c>, <c>info</c>, <c>warn</c>, <c>error</c> and <c>debug</c> write a line to the run's log with that level (<see cref="ScriptContext.Log"/>).</summary>
internal static class JsConsole
{
    public static void Install(Engine engine, ScriptContext context)
    {
        var console = new JsObject(engine);
        JsValue stringify = engine.GetValue("JSON").Get("stringify");
        foreach (string level in (ReadOnlySpan<string>)["log", "info", "warn", "error", "debug"])
        {
            console.FastSetDataProperty(level, new ClrFunction(engine, level, (_, args) =>
            {
                context.Log(Format(stringify, args), level);
                return JsValue.Undefined;
            }));
        }

        engine.SetValue("console", console);
    }

    private static string Format(JsValue stringify, JsValue[] args)
    {
        var text = new StringBuilder();
        for (int i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            JsValue value = args[i];
            if (value is ObjectInstance instance && !value.IsCallable())
            {
                JsValue stack = instance.Get("stack");
                JsValue json = stack.IsString() ? stack : TryStringify(stringify, value);
                text.Append(json.IsString() ? json.AsString() : TypeConverter.ToString(value));
            }
            else
            {
                text.Append(value.IsSymbol() ? value.ToString() : TypeConverter.ToString(value));
            }
        }

        return text.ToString();
    }

    private static JsValue TryStringify(JsValue stringify, JsValue value)
    {
        try
        {
            return stringify.Call(value);
        }
        catch (JavaScriptException)
        {
            return JsValue.Undefined; // a cycle or a BigInt: the plain string form will do
        }
    }
}
