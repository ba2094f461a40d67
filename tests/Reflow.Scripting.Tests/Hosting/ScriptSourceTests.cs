using System.Security.Cryptography;

namespace Reflow.Scripting.Tests.Hosting;

/// <summary>What identifies a script in caches: its text, or a file's bytes.</summary>
public sealed class ScriptSourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reflow-script-source-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Two_binary_files_that_decode_to_the_same_text_have_different_hashes()
    {
        string a = Path.Combine(_directory, "a.wasm");
        string b = Path.Combine(_directory, "b.wasm");
        File.WriteAllBytes(a, [0x00, 0x61, 0x73, 0x6D, 0xFF]); // 0xFF and 0xFE are not UTF-8: both decode to U+FFFD
        File.WriteAllBytes(b, [0x00, 0x61, 0x73, 0x6D, 0xFE]);

        ScriptSource first = ScriptSource.FromFile("a.wasm", a);
        ScriptSource second = ScriptSource.FromFile("b.wasm", b);

        Assert.Equal(first.Text, second.Text);
        Assert.NotEqual(first.ContentHash, second.ContentHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(a))), first.ContentHash);
        Assert.Equal("a.wasm", first.DisplayName);
        Assert.Equal(_directory, first.BaseDirectory);
    }

    [Fact]
    public void A_text_file_reads_as_File_ReadAllText_reads_it_without_its_byte_order_mark()
    {
        string path = Path.Combine(_directory, "x.js");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'l', (byte)'e', (byte)'t']);

        Assert.Equal("let", ScriptSource.FromFile("x.js", path).Text);
        Assert.Equal(File.ReadAllText(path), ScriptSource.FromFile("x.js", path).Text);
    }

    [Fact]
    public void An_inline_source_is_identified_by_its_text()
    {
        var source = new ScriptSource("script/javascript", "let a = 1;", null, "inline", null);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("let a = 1;"u8)), source.ContentHash);
    }
}
