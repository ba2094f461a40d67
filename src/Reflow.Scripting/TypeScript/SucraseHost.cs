using System.Security.Cryptography;
using Jint;
using Jint.Native;

namespace Reflow.Scripting.TypeScript;

/// <summary>
/// Sucrase (bundled by the build into one file embedded in this assembly) running in a Jint engine of its own: it
/// strips the types from a TypeScript module and keeps every line where it was.
/// </summary>
/// <remarks>
/// Design: one engine per process, made on the first transpile (loading the bundle costs far more than a transpile),
/// and a lock around every use because a Jint engine is single-threaded. Transpiles are rare (they are cached by
/// content), so the lock is never contended in practice.
/// </remarks>
internal static class SucraseHost
{
    private const string ResourceName = "Reflow.Scripting.TypeScript.reflow-sucrase.js";
    private const string EntryFunction = "reflowTranspileTypeScript";

    private static readonly Lock Gate = new();
    private static readonly Lazy<byte[]> Bundle = new(ReadBundle, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> BundleHashLazy = new(
        () => Convert.ToHexStringLower(SHA256.HashData(Bundle.Value)), LazyThreadSafetyMode.ExecutionAndPublication);

    private static Engine? _engine;
    private static JsValue? _transpile;

    /// <summary>The SHA-256 of the embedded bundle: a transpiled script is valid only for the transpiler that made it.</summary>
    public static string BundleHash => BundleHashLazy.Value;

    /// <summary>Strips the types from <paramref name="source"/>'s text.</summary>
    /// <exception cref="ScriptException">The text does not parse; the message leads with the .ts place.</exception>
    public static string Transpile(ScriptSource source)
    {
        JsValue result;
        lock (Gate)
        {
            var transpile = _transpile ?? Load();
            result = _engine!.Invoke(transpile, source.Text);
        }

        var obj = result.AsObject();
        var code = obj.Get("code");
        if (code.IsString())
        {
            return code.AsString();
        }

        var message = obj.Get("error").ToString();
        var line = (int)obj.Get("line").AsNumber();
        var column = (int)obj.Get("column").AsNumber();
        if (line <= 0)
        {
            throw new ScriptException($"{source.DisplayName}: TypeScript could not be transpiled: {message}", file: source.DisplayName);
        }

        // "syntax" (Sucrase's parser refused it) or "unsupported" (valid TypeScript that type stripping cannot run).
        var what = obj.Get("kind").ToString() == "syntax" ? "TypeScript syntax error" : "TypeScript not supported";
        throw new ScriptException(
            $"{source.DisplayName}:{line}:{column}: {what}: {message}",
            file: source.DisplayName, line: line, column: Math.Max(column, 1));
    }

    private static JsValue Load()
    {
        var engine = new Engine(options =>
        {
            // Sucrase's parser recurses with the nesting of the script: a deeply nested one must end in a catchable
            // RangeError, never in a native stack overflow that ends the process.
            options.Constraints.StackOverflowGuard = true;
            options.Strict = false;
        });
        var text = System.Text.Encoding.UTF8.GetString(Bundle.Value);
        engine.Execute(text, "reflow-sucrase.js");
        var transpile = engine.GetValue(EntryFunction);
        if (transpile.IsUndefined())
        {
            throw new InvalidOperationException($"The embedded Sucrase bundle ({ResourceName}) does not define {EntryFunction}: the build's bundle step (TypeScript/transpiler/entry.js) is out of step with SucraseHost.");
        }

        _engine = engine;
        _transpile = transpile;
        return transpile;
    }

    private static byte[] ReadBundle()
    {
        using var stream = typeof(SucraseHost).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Reflow.Scripting was built without its TypeScript transpiler (the embedded resource {ResourceName} is missing): build it with npm on the PATH (TypeScript/transpiler/SucraseBundle.targets).");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
