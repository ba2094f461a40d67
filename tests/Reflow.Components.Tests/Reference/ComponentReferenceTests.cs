using Reflow.Actors;
using Reflow.Networks;

namespace Reflow.Components.Tests.Reference;

/// <summary>docs/components.md is generated from the components' own descriptions; this keeps it in step.</summary>
public sealed class ComponentReferenceTests
{
    private static string DocsPath()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Reflow.Core.sln")))
            {
                return Path.Combine(directory.FullName, "docs", "components.md");
            }
        }

        throw new InvalidOperationException($"No Reflow.Core.sln above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public void The_committed_reference_matches_the_components()
    {
        string generated = ComponentReference.WriteStandardLibrary();
        string path = DocsPath();
        if (Environment.GetEnvironmentVariable("REFLOW_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        string committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "(missing)";
        Assert.True(
            committed == generated,
            $"{path} is out of date with the components' descriptions. Regenerate it with: REFLOW_UPDATE_DOCS=1 dotnet test tests/Reflow.Components.Tests --filter ComponentReferenceTests");
    }

    [Fact]
    public void Every_component_is_in_the_reference_with_every_port_and_configuration_entry()
    {
        string reference = ComponentReference.WriteStandardLibrary();

        foreach (Component component in StandardComponents.Create())
        {
            ComponentDescription d = component.Description;
            Assert.Contains($"### `{d.Name}`", reference, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(d.Description), $"{d.Name} has no description");
            Assert.All(d.InPorts.Concat(d.OutPorts), p => Assert.False(string.IsNullOrWhiteSpace(p.Description), $"{d.Name}.{p.Name} has no description"));
        }

        Assert.Contains("| `condition` | string | yes |  | The condition, e.g. \"value.temperature > 30\". |", reference, StringComparison.Ordinal);
        Assert.Contains("| `operand` | Float | yes |", reference, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_follow_the_namespace_PascalCase_scheme_and_are_unique()
    {
        var registry = new ComponentRegistry().AddStandardComponents(); // throws on a repeated name
        string[] namespaces = ["core", "flow", "math", "text", "data", "time", "state", "io", "csv", "jsonl", "http"];

        Assert.All(registry.Names, name =>
        {
            string[] parts = name.Split('/');
            Assert.Equal(2, parts.Length);
            Assert.Contains(parts[0], namespaces);
            Assert.True(char.IsAsciiLetterUpper(parts[1][0]) && parts[1].All(char.IsAsciiLetterOrDigit), $"'{name}' is not namespace/PascalCase");
        });
    }
}
