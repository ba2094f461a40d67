using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Reflow.Scripting.Tests.Python;

/// <summary>Builds a tiny pure-Python wheel (a zip with the package, METADATA, WHEEL and RECORD) that pip installs offline.</summary>
internal static class TestWheel
{
    /// <summary>Writes <c>&lt;name&gt;-&lt;version&gt;-py3-none-any.whl</c> into <paramref name="folder"/>; its package <paramref name="name"/> defines VALUE = <paramref name="value"/>.</summary>
    public static string Build(string folder, string name, string version, int value)
    {
        string distInfo = $"{name}-{version}.dist-info";
        var files = new List<(string Path, string Text)>
        {
            ($"{name}/__init__.py", $"VALUE = {value}\n"),
            ($"{distInfo}/METADATA", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: a test package of Reflow\n"),
            ($"{distInfo}/WHEEL", "Wheel-Version: 1.0\nGenerator: reflow-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        };
        var record = new StringBuilder();
        foreach ((string path, string text) in files)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            string hash = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append($"{path},sha256={hash},{bytes.Length}\n");
        }

        record.Append($"{distInfo}/RECORD,,\n");
        files.Add(($"{distInfo}/RECORD", record.ToString()));

        Directory.CreateDirectory(folder);
        string wheel = Path.Combine(folder, $"{name}-{version}-py3-none-any.whl");
        using ZipArchive zip = ZipFile.Open(wheel, ZipArchiveMode.Create);
        foreach ((string path, string text) in files)
        {
            using Stream entry = zip.CreateEntry(path).Open();
            entry.Write(Encoding.UTF8.GetBytes(text));
        }

        return wheel;
    }
}
