namespace Reflow.Testing.Tests;

/// <summary>The README's "Testing your components" example is the test in ShoutTests.cs, word for word: it cannot rot.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void The_readme_shows_the_compiled_example_test()
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ShoutTests.cs"));
        int begin = source.IndexOf("// README: begin\n", StringComparison.Ordinal);
        int end = source.IndexOf("// README: end", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "ShoutTests.cs lost its README markers");
        string example = source[(begin + "// README: begin\n".Length)..end].Trim();

        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains(example, readme, StringComparison.Ordinal);
    }
}
