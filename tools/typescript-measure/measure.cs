#:package Jint
// Measures the two TypeScript transpilers docs/typescript.md compares, on sample.ts (103 lines):
//   Sucrase (the bundle the Reflow.Scripting build makes) in a Jint engine, and esbuild's native binary, one process
//   per file. Run after building src/Reflow.Scripting (it makes the bundle and installs esbuild):
//   dotnet run -c Release tools/typescript-measure/measure.cs
// First call = loading the transpiler and transpiling once; warm = mean per file afterwards, each file a different
// text (a comment line differs) so nothing can be cached.
using System.Diagnostics;
using Jint;

var here = Path.GetDirectoryName(Path.GetFullPath(args.Length > 0 ? args[0] : "tools/typescript-measure/measure.cs"))!;
var transpiler = Path.GetFullPath(Path.Combine(here, "..", "..", "src", "Reflow.Scripting", "TypeScript", "transpiler"));
var sample = File.ReadAllText(Path.Combine(here, "sample.ts"));
const int Warm = 50;
var sampleLines = sample.Split('\n').Length;

var clock = Stopwatch.StartNew();
var engine = new Engine(o => o.Constraints.StackOverflowGuard = true);
engine.Execute(File.ReadAllText(Path.Combine(transpiler, "dist", "reflow-sucrase.js")));
var transpile = engine.GetValue("reflowTranspileTypeScript");
var loaded = clock.Elapsed.TotalMilliseconds;
var output = engine.Invoke(transpile, sample).AsObject().Get("code").AsString();
var first = clock.Elapsed.TotalMilliseconds;
clock.Restart();
for (var i = 0; i < Warm; i++)
{
    engine.Invoke(transpile, sample + "// " + i);
}

var warm = clock.Elapsed.TotalMilliseconds / Warm;
Console.WriteLine($"sucrase-in-jint: load {loaded:F0} ms, first call (load + transpile) {first:F0} ms, warm {warm:F2} ms/file, lines {sampleLines} -> {output.Split('\n').Length}");

var esbuild = Path.Combine(transpiler, "node_modules", "@esbuild", "linux-x64", "bin", "esbuild");
string RunEsbuild(string text)
{
    var start = new ProcessStartInfo(esbuild, "--loader=ts --format=esm --log-level=error")
    {
        RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
    };
    using var process = Process.Start(start)!;
    process.StandardInput.Write(text);
    process.StandardInput.Close();
    var result = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return result;
}

clock.Restart();
var esbuildOutput = RunEsbuild(sample);
first = clock.Elapsed.TotalMilliseconds;
clock.Restart();
for (var i = 0; i < Warm; i++)
{
    RunEsbuild(sample + "// " + i);
}

warm = clock.Elapsed.TotalMilliseconds / Warm;
Console.WriteLine($"esbuild-process: first call {first:F0} ms, warm {warm:F2} ms/file, lines {sampleLines} -> {esbuildOutput.Split('\n').Length}");
