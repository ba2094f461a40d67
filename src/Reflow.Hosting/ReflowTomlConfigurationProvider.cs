using System.Globalization;
using Microsoft.Extensions.Configuration;
using Reflow.Configuration;
using Tomlyn.Parsing;

namespace Reflow.Hosting;

/// <summary>
/// Reads a <c>reflow.toml</c> into configuration keys: <c>[actor_system] thread_pool_size = 4</c> becomes
/// <c>Reflow:actor_system:thread_pool_size = 4</c>, an array's items <c>…:0</c>, <c>…:1</c>, so appsettings.json,
/// environment variables and the TOML file all feed one <see cref="ReflowOptions"/> with the same keys.
/// </summary>
/// <remarks>
/// The file is checked first with <see cref="ReflowConfiguration.FromToml"/>, so a bad file fails where the
/// <c>reflow</c> command would, with the same messages and the file's line (<c>reflow.toml:3</c>): syntax errors,
/// unknown keys, values of the wrong type.
/// </remarks>
internal sealed class ReflowTomlConfigurationProvider(ReflowTomlConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        string path = System.IO.Path.GetFullPath(source.Path);
        if (!File.Exists(path))
        {
            if (source.Optional)
            {
                Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                return;
            }

            throw new ReflowConfigurationException([new ConfigurationProblem(source.Path, null, "the configuration file does not exist")]);
        }

        string text = File.ReadAllText(path);
        ReflowConfiguration.FromToml(text, source.Path); // throws, listing every problem with its line
        Data = Flatten(text, source.Section);
    }

    /// <summary>The keys of a TOML document that <see cref="ReflowConfiguration.FromToml"/> accepted (tables, scalars, arrays of strings).</summary>
    private static Dictionary<string, string?> Flatten(string text, string section)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var path = new List<string> { section };
        var pushed = new Stack<bool>();
        string? name = null;
        TomlParser parser = TomlParser.Create(text, new TomlParserOptions(), null);
        while (parser.MoveNext())
        {
            TomlParseEvent e = parser.Current;
            switch (e.Kind)
            {
                case TomlParseEventKind.PropertyName:
                    name = parser.GetPropertyName();
                    break;
                case TomlParseEventKind.StartTable:
                    pushed.Push(name is not null); // the document's root table has no name
                    if (name is not null)
                    {
                        path.Add(name);
                        name = null;
                    }

                    break;
                case TomlParseEventKind.EndTable:
                    if (pushed.Pop())
                    {
                        path.RemoveAt(path.Count - 1);
                    }

                    break;
                case TomlParseEventKind.StartArray when name is not null:
                    string array = Key(path, name);
                    int index = 0;
                    while (parser.MoveNext() && parser.Current.Kind != TomlParseEventKind.EndArray)
                    {
                        data[array + ConfigurationPath.KeyDelimiter + index.ToString(CultureInfo.InvariantCulture)] = Scalar(parser, parser.Current);
                        index++;
                    }

                    name = null;
                    break;
                case TomlParseEventKind.String or TomlParseEventKind.Integer or TomlParseEventKind.Float or TomlParseEventKind.Boolean when name is not null:
                    data[Key(path, name)] = Scalar(parser, e);
                    name = null;
                    break;
            }
        }

        return data;
    }

    private static string Key(List<string> path, string name) => ConfigurationPath.Combine([.. path, name]);

    private static string Scalar(TomlParser parser, TomlParseEvent e) => e.Kind switch
    {
        TomlParseEventKind.String => parser.GetString(),
        TomlParseEventKind.Integer => e.GetInt64().ToString(CultureInfo.InvariantCulture),
        TomlParseEventKind.Float => e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        TomlParseEventKind.Boolean => e.GetBoolean() ? "true" : "false",
        _ => "",
    };
}
