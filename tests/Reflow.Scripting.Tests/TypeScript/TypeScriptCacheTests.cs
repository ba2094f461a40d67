using Reflow.Scripting.TypeScript;

namespace Reflow.Scripting.Tests.TypeScript;

public sealed class TypeScriptCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "reflow-ts-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static ScriptSource Ts(string text) => new("main.ts", text, "/scripts/main.ts", "main.ts", "/scripts");

    [Fact]
    public void SecondTranspileInTheProcessIsAMemoryHit()
    {
        var cache = new TypeScriptCache(root: null);
        var first = cache.Transpile(Ts(TypeScriptSources.Typed));

        var second = cache.Transpile(Ts(TypeScriptSources.Typed));

        Assert.Equal(1, cache.TranspilerRuns);
        Assert.Same(first, second);
    }

    [Fact]
    public void NextProcessReadsTheDiskEntryWithoutTranspiling()
    {
        var first = new TypeScriptCache(_root);
        var js = first.Transpile(Ts(TypeScriptSources.Typed));
        Assert.Equal(1, first.TranspilerRuns);

        var next = new TypeScriptCache(_root);
        var again = next.Transpile(Ts(TypeScriptSources.Typed));

        Assert.Equal(0, next.TranspilerRuns);
        Assert.Equal(js, again);
        var entry = next.EntryPath(Ts(TypeScriptSources.Typed).ContentHash)!;
        Assert.StartsWith(_root, entry, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(entry)!));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("truncated")]
    [InlineData("edited")]
    public void CorruptedDiskEntryIsIgnoredAndRewritten(string corruption)
    {
        var source = Ts(TypeScriptSources.Typed);
        var js = new TypeScriptCache(_root).Transpile(source);
        var entry = new TypeScriptCache(_root).EntryPath(source.ContentHash)!;
        var good = File.ReadAllText(entry);
        File.WriteAllText(entry, corruption switch
        {
            "garbage" => "\0\u0001not javascript",
            "truncated" => good[..(good.Length / 2)],
            "edited" => good.Replace("export const total", "export const totel", StringComparison.Ordinal),
            _ => "",
        });

        var cache = new TypeScriptCache(_root);
        Assert.Equal(js, cache.Transpile(source));
        Assert.Equal(1, cache.TranspilerRuns);

        Assert.Equal(good, File.ReadAllText(entry));
        var next = new TypeScriptCache(_root);
        Assert.Equal(js, next.Transpile(source));
        Assert.Equal(0, next.TranspilerRuns);
    }

    [Fact]
    public void UnwritableCacheDirectoryLeavesTheMemoryCache()
    {
        Directory.CreateDirectory(_root);
        var blocker = Path.Combine(_root, "a-file");
        File.WriteAllText(blocker, "not a directory");
        var cache = new TypeScriptCache(Path.Combine(blocker, "typescript"));

        var js = cache.Transpile(Ts(TypeScriptSources.Typed));

        Assert.Contains("export const total", js, StringComparison.Ordinal);
        Assert.Equal(js, cache.Transpile(Ts(TypeScriptSources.Typed)));
        Assert.Equal(1, cache.TranspilerRuns);
    }

    [Fact]
    public void SyntaxErrorIsNotCached()
    {
        var cache = new TypeScriptCache(_root);
        var broken = Ts("export const a: = 1;");

        Assert.Throws<ScriptException>(() => cache.Transpile(broken));
        Assert.Throws<ScriptException>(() => cache.Transpile(broken));

        Assert.Equal(2, cache.TranspilerRuns);
        Assert.False(File.Exists(cache.EntryPath(broken.ContentHash)));
    }
}
