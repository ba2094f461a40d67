using Jint;
using Jint.Native;
using Jint.Runtime;
using Reflow.Scripting.TypeScript;

namespace Reflow.Scripting.Tests.TypeScript;

public sealed class TypeScriptTranspilerTests
{
    private static ScriptSource Ts(string text, string name = "main.ts") =>
        new(name, text, Path.Combine("/scripts", name), name, "/scripts");

    private static ObjectInstanceView Evaluate(string javaScript)
    {
        var engine = new Engine();
        engine.Modules.Add("main.ts", javaScript);
        return new ObjectInstanceView(engine.Modules.Import("main.ts"));
    }

    [Fact]
    public void StrippedModuleEvaluatesInJintToTheExpectedValues()
    {
        var js = new TypeScriptCache(root: null).Transpile(Ts(TypeScriptSources.Typed));

        Assert.DoesNotContain("interface", js);
        Assert.DoesNotContain("import", js);
        var exports = Evaluate(js);
        Assert.Equal(43, exports.Number("scaled"));
        Assert.Equal("a", exports.Get("firstTag").AsString());
        Assert.Equal(42, exports.Number("total"));
        Assert.Equal("t1=21.5", exports.Get("pairText").AsString());
        Assert.Equal(["1", "2", "10", "High"], exports.Get("levels").AsArray().Select(v => v.ToString()));
        Assert.Equal("on", exports.Get("flag").AsString());
        Assert.Equal(1, exports.Number("Level.Low"));
    }

    [Fact]
    public void EveryLineStaysWhereItWas()
    {
        var js = new TypeScriptCache(root: null).Transpile(Ts(TypeScriptSources.Typed));

        var tsLines = TypeScriptSources.Typed.Split('\n');
        var jsLines = js.Split('\n');
        Assert.Equal(tsLines.Length, jsLines.Length);
        var exported = tsLines.Select((line, i) => (line, i)).Where(x => x.line.StartsWith("export const total", StringComparison.Ordinal)).Single();
        Assert.StartsWith("export const total", jsLines[exported.i], StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorThrownAtRunTimeIsAtTheSameLineOfTheTsFile()
    {
        const string text = """
            interface Options {
              limit: number;
              name: string;
            }
            enum Mode { A, B,
              C }
            export function check(options: Options, mode: Mode = Mode.C): number {
              const limit = options.limit as number;
              if (limit > 3) {
                throw new Error(`limit ${limit} is over 3 in mode ${mode}`);
              }
              return limit;
            }
            """;
        var js = new TypeScriptCache(root: null).Transpile(Ts(text));
        var engine = new Engine();
        engine.Modules.Add("main.ts", js);
        var check = engine.Modules.Import("main.ts").Get("check");

        var e = Assert.Throws<JavaScriptException>(() => engine.Invoke(check, engine.Evaluate("({limit: 5, name: 'x'})")));

        Assert.Equal("limit 5 is over 3 in mode 2", e.Message);
        Assert.Equal(10, e.Location.Start.Line);
        Assert.Contains("main.ts:10:", e.JavaScriptStackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxErrorIsAScriptExceptionLeadingWithTheTsPlace()
    {
        const string text = "interface A { x: number }\nexport const a: A = { x: 1 };\nexport const b: = 3;\n";

        var e = Assert.Throws<ScriptException>(() => new TypeScriptCache(root: null).Transpile(Ts(text, "broken.ts")));

        Assert.StartsWith("broken.ts:3:17: TypeScript syntax error: Unexpected token", e.Message, StringComparison.Ordinal);
        Assert.Equal("broken.ts", e.File);
        Assert.Equal(3, e.Line);
        Assert.Equal(17, e.Column);
    }

    [Fact]
    public void NamespaceWithValuesIsRefusedAtItsPlace()
    {
        const string text = "export const a = 1;\nexport namespace Units {\n  export const metre = 1;\n}\n";

        var e = Assert.Throws<ScriptException>(() => new TypeScriptCache(root: null).Transpile(Ts(text, "units.ts")));

        Assert.StartsWith("units.ts:2:8: TypeScript not supported: a namespace that declares values", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void TypeOnlyAndAmbientNamespacesAreStripped()
    {
        const string text = """
            namespace Shapes {
              export interface Box { width: number }
              export type Side = "left" | "right";
            }
            declare namespace Host { const version: string; }
            declare module "host" { export function f(): void; }
            const module = 2;
            export const area = ((box: Shapes.Box) => box.width * module)({ width: 3 });
            """;

        var exports = Evaluate(new TypeScriptCache(root: null).Transpile(Ts(text)));

        Assert.Equal(6, exports.Number("area"));
    }

    [Fact]
    public void StandardDecoratorsPassThroughAtTheirLineAndRunInJint()
    {
        const string text = "interface A { x: number }\nfunction tag(value: unknown, context: { kind: string }) { seen.push(context.kind); }\nexport const seen: string[] = [];\n@tag\nclass Greeter {}\nexport const made = new Greeter() instanceof Greeter;\n";

        var js = new TypeScriptCache(root: null).Transpile(Ts(text));

        Assert.Equal("@tag", js.Split('\n')[3]);
        // Sucrase leaves decorators to the runtime, and Jint runs standard (TC39) decorators.
        var exports = Evaluate(js);
        Assert.Equal(["class"], exports.Get("seen").AsArray().Select(v => v.ToString()));
        Assert.True(exports.Get("made").AsBoolean());
    }

    [Fact]
    public void SharedTranspilerMatchesAFreshCache()
    {
        var source = Ts(TypeScriptSources.Typed);

        Assert.Equal(new TypeScriptCache(root: null).Transpile(source), TypeScriptTranspiler.Transpile(source));
        Assert.Equal(TypeScriptTranspiler.Transpile(source), TypeScriptTranspiler.Transpile(Ts(TypeScriptSources.Typed)));
    }

    /// <summary>Reads a module namespace's exports, following dots into nested objects.</summary>
    private sealed class ObjectInstanceView(Jint.Native.Object.ObjectInstance exports)
    {
        public JsValue Get(string path)
        {
            JsValue value = exports;
            foreach (var part in path.Split('.'))
            {
                value = value.AsObject().Get(part);
            }

            return value;
        }

        public double Number(string path) => Get(path).AsNumber();
    }
}
