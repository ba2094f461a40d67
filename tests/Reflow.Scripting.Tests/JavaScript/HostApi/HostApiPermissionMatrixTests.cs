using System.Text.Json;
using Jint;
using Reflow.Messages;
using Reflow.Permissions;
using static Reflow.Scripting.Tests.JavaScript.JavaScriptProcessTests;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>
/// Every function a JavaScript node sees beyond the language's own globals, with the permission it needs: each one
/// that reaches outside is tried granted (it works) and denied (a <c>NotCapable</c> error naming the flag, and nothing
/// touched: no file made, no request received). The list is complete: a function the engine gains without a row here
/// fails <see cref="Every_host_function_a_script_sees_is_in_the_matrix"/>.
/// </summary>
public sealed class HostApiPermissionMatrixTests(TestHttpServer server) : IClassFixture<TestHttpServer>, IDisposable
{
    private const string Variable = "REFLOW_MATRIX_TEST_VARIABLE";

    /// <summary>The kind each host function needs; <c>none</c>: it reaches nothing outside the node (the run's log, its own timers, a question about grants).</summary>
    private static readonly Dictionary<string, string> s_functions = new(StringComparer.Ordinal)
    {
        ["fetch"] = "net",
        ["Deno.readTextFile"] = "read",
        ["Deno.readTextFileSync"] = "read",
        ["Deno.writeTextFile"] = "write",
        ["Deno.writeTextFileSync"] = "write",
        ["Deno.env.get"] = "env",
        ["Deno.env.has"] = "env",
        ["Deno.permissions.query"] = "none",
        ["Deno.permissions.querySync"] = "none",
        ["console.log"] = "none",
        ["console.info"] = "none",
        ["console.warn"] = "none",
        ["console.error"] = "none",
        ["console.debug"] = "none",
        ["setTimeout"] = "none",
        ["setInterval"] = "none",
        ["clearTimeout"] = "none",
        ["clearInterval"] = "none",
        ["context.send"] = "none",
    };

    private readonly string _temp = Directory.CreateTempSubdirectory("reflow-js-matrix-").FullName;

    static HostApiPermissionMatrixTests() => Environment.SetEnvironmentVariable(Variable, "matrix-value");

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    public static TheoryData<string> Reaching => [.. s_functions.Where(f => f.Value != "none").Select(f => f.Key)];

    [Fact]
    public async Task Every_host_function_a_script_sees_is_in_the_matrix()
    {
        using var bare = new Engine();
        string[] standard = JsonSerializer.Deserialize<string[]>(bare.Evaluate("JSON.stringify(Object.getOwnPropertyNames(globalThis))").AsString())!;
        using var graph = new JsGraph();
        graph.Write("list.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs, context) {
              const standard = new Set(inputs.in), found = [];
              const walk = (prefix, o, depth) => {
                for (const k of Object.getOwnPropertyNames(o)) {
                  let v; try { v = o[k]; } catch { continue; }
                  if (typeof v === 'function') found.push(prefix + k);
                  else if (v !== null && typeof v === 'object' && depth < 4) walk(prefix + k + '.', v, depth + 1);
                }
              };
              for (const k of Object.getOwnPropertyNames(globalThis).filter(k => !standard.has(k))) {
                const v = globalThis[k];
                if (typeof v === 'function') found.push(k); else if (v !== null && typeof v === 'object') walk(k + '.', v, 1);
              }
              walk('context.', context, 1);
              return { out: found.sort() };
            }
            """);

        JsRun run = await graph.RunAsync(Graph("./list.js", null, ["out"]), [("in", [Message.Array([.. standard.Select(Message.String)])])]);

        string[] seen = [.. Assert.Single(run["out"]).AsArray().Select(m => m.AsString())];
        Assert.Equal(s_functions.Keys.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Reaching))]
    public async Task Granted_the_function_works(string function)
    {
        Case c = Make(function);
        string outcome = await HostApiRun.RunAsync(c.Script, c.Granted);

        Assert.Equal(c.Works, outcome);
        c.Verify(true);
    }

    [Theory]
    [MemberData(nameof(Reaching))]
    public async Task Denied_the_function_is_NotCapable_naming_the_flag_and_touches_nothing(string function)
    {
        Case c = Make(function);
        string outcome = await HostApiRun.RunAsync(c.Script, c.Denied);

        Assert.Equal($"error:NotCapable: {s_functions[function]} access to '{c.Target}' is not granted; grant it with --allow-{s_functions[function]}={c.Target} (or the permissions.{s_functions[function]} configuration key)", outcome);
        c.Verify(false);
    }

    private sealed record Case(string Script, PermissionSet Granted, PermissionSet Denied, string Works, string Target, Action<bool> Verify);

    /// <summary>One call of <paramref name="function"/>, what grants and what does not grant it (the same resource under another kind, port or name), and what shows it reached its target.</summary>
    private Case Make(string function)
    {
        string call = function.Split('.')[^1];
        bool sync = call.EndsWith("Sync", StringComparison.Ordinal);
        string await = sync ? "" : "await ";
        string input = Path.Combine(_temp, "in.txt");
        string output = Path.Combine(_temp, "out.txt");
        File.WriteAllText(input, "from the file");
        switch (s_functions[function])
        {
            case "net":
                string key = Guid.NewGuid().ToString("N");
                var other = new UriBuilder(server.BaseUrl) { Port = new Uri(server.BaseUrl).Port == 1 ? 2 : 1 }.Uri.Authority; // the granted host, another port
                return new Case($"const r = await fetch('{server.BaseUrl}/hello?key={key}'); return r.status + ' ' + await r.text();",
                    PermissionSet.None.WithNet(server.Authority), PermissionSet.None.WithNet(other).WithRead(_temp).WithEnv("*"),
                    "ok:\"200 hello\"", server.Authority, granted => Assert.Equal(granted ? 1 : 0, server.Hits(key)));
            case "read":
                return new Case($"return {await}{function}({Js(input)});", PermissionSet.None.WithRead(_temp), PermissionSet.None.WithWrite(_temp),
                    "ok:\"from the file\"", input, _ => { });
            case "write":
                return new Case($"{await}{function}({Js(output)}, 'written'); return 'done';", PermissionSet.None.WithWrite(_temp), PermissionSet.None.WithRead(_temp),
                    "ok:\"done\"", output, granted => Assert.Equal(granted ? "written" : null, File.Exists(output) ? File.ReadAllText(output) : null));
            default:
                return new Case($"return {function}('{Variable}');", PermissionSet.None.WithEnv("REFLOW_MATRIX_*"), PermissionSet.None.WithEnv("REFLOW_MATRIX_TEST_VARIABLEX", "REFLOW_MATRIX").WithRead(_temp),
                    call == "get" ? "ok:\"matrix-value\"" : "ok:true", Variable, _ => { });
        }
    }

    private static string Js(string text) => JsonSerializer.Serialize(text);
}
