using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tomlyn;
using Tomlyn.Parsing;

namespace Reflow.Configuration;

/// <summary>
/// Reads <see cref="ReflowOptions"/> from its three sources, each overriding the one before: a TOML file
/// (<c>reflow.toml</c>), environment variables (<c>REFLOW_ACTOR_SYSTEM__THREAD_POOL_SIZE=4</c>), and overrides
/// (<c>actor_system.thread_pool_size=4</c>, the CLI's <c>--set</c>).
/// </summary>
/// <remarks>
/// <para>Keys are the TOML names everywhere. An environment variable is <c>REFLOW_</c> followed by the key's
/// path with <c>__</c> between its parts, in any case (<c>REFLOW_RUNTIMES__PYTHON__USE_DOCKER</c>) — the convention
/// of <c>Microsoft.Extensions.Configuration</c>'s environment provider, so the same variables bind there too.
/// Variables that start with <c>REFLOW_</c> but have no <c>__</c> are not configuration and are left alone.</para>
/// <para>An environment or override value is read as a TOML value when it is one (<c>4</c>, <c>true</c>,
/// <c>["--allow-net"]</c>, <c>"text"</c>) and as text otherwise (<c>busy_spin</c>, <c>250ms</c>, <c>0.0.0.0:80</c>).</para>
/// <para>Unknown keys and tables, values of the wrong type or out of range, and TOML syntax errors are all reported
/// at once in a <see cref="ReflowConfigurationException"/>, each with its place (<c>reflow.toml:3</c>, the variable,
/// or the override) and key.</para>
/// </remarks>
public static class ReflowConfiguration
{
    /// <summary>The prefix of configuration environment variables.</summary>
    public const string EnvironmentPrefix = "REFLOW_";

    /// <summary>Every key with its type, default and meaning, in the order of the reference.</summary>
    public static IReadOnlyList<ConfigurationKeyDescription> Keys { get; } =
        [.. ConfigurationSchema.Keys.Select(k => new ConfigurationKeyDescription(k.Path, k.Expected, k.Format(ReflowOptions.Default), k.Description))];

    /// <summary>
    /// Reads a duration the way configuration values are written: a number followed by <c>ms</c>, <c>s</c>, <c>m</c>,
    /// <c>h</c> or <c>d</c> (<c>"250ms"</c>, <c>"1.5s"</c>), <c>"0"</c>, or a <see cref="TimeSpan"/> in its clock form (<c>"00:00:01"</c>); a bare number other than 0 is not one.
    /// For hosts that take durations on their own command line or settings (the <c>reflow</c> CLI's <c>--timeout</c>)
    /// and want them to read like <c>reflow.toml</c>'s.
    /// </summary>
    /// <param name="text">The text; surrounding white space is ignored.</param>
    /// <param name="duration">The duration read, or <see cref="TimeSpan.Zero"/> when the text is not one.</param>
    /// <returns>Whether <paramref name="text"/> is a duration (never negative).</returns>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ConfigurationText.TryParseDuration(text, out duration))
        {
            return true;
        }

        duration = TimeSpan.Zero;
        return false;
    }

    /// <summary>
    /// Reads a size as <c>reflow.toml</c> writes one (<c>memory_limit = "512MB"</c>): a whole number of bytes,
    /// optionally followed by B, KB/MB/GB (powers of 1000) or K/M/G, KiB/MiB/GiB (powers of 1024).
    /// </summary>
    /// <param name="text">The text; surrounding white space is ignored.</param>
    /// <param name="bytes">The size read, or 0 when the text is not one.</param>
    /// <returns>Whether <paramref name="text"/> is a size.</returns>
    public static bool TryParseSize(string text, out long bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ConfigurationText.TryParseSize(text, out bytes);
    }

    /// <summary>
    /// Reads the configuration: defaults, then <paramref name="file"/> (when given), then the environment variables,
    /// then <paramref name="overrides"/> (<c>key=value</c>).
    /// </summary>
    /// <param name="file">A TOML file; none when null.</param>
    /// <param name="overrides"><c>key=value</c> overrides, applied in order.</param>
    /// <param name="environment">The environment variables; the process's when null.</param>
    /// <exception cref="ReflowConfigurationException">Any source has a problem; all of them are listed.</exception>
    public static ReflowOptions Load(string? file = null, IEnumerable<string>? overrides = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var problems = new List<ConfigurationProblem>();
        ReflowOptions options = ReflowOptions.Default;
        if (file is not null)
        {
            options = ApplyFile(options, file, problems);
        }

        return ApplyEnvironmentAndOverrides(options, overrides, environment, problems);
    }

    /// <summary>
    /// As <see cref="Load"/> with the <c>reflow.toml</c> contents given as text rather than a file: defaults, then
    /// <paramref name="toml"/>, then <c>REFLOW_*</c> environment variables. For hosts that hold their options in memory
    /// (the C ABI's <c>rfl_engine_create</c>).
    /// </summary>
    /// <param name="toml">TOML text with the keys of <c>reflow.toml</c>; empty for the defaults.</param>
    /// <param name="fileName">The name problems give as the text's location.</param>
    /// <param name="environment">The environment to read <c>REFLOW_*</c> variables from; <see langword="null"/> for the process's.</param>
    /// <exception cref="ReflowConfigurationException">A key is unknown or a value does not fit; lists every problem with its line.</exception>
    public static ReflowOptions LoadText(string toml, string fileName = "reflow.toml", IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(toml);
        var problems = new List<ConfigurationProblem>();
        ReflowOptions options = ApplyToml(ReflowOptions.Default, toml, fileName, problems);
        return ApplyEnvironmentAndOverrides(options, null, environment, problems);
    }

    private static ReflowOptions ApplyEnvironmentAndOverrides(ReflowOptions options, IEnumerable<string>? overrides, IReadOnlyDictionary<string, string>? environment, List<ConfigurationProblem> problems)
    {
        foreach ((string name, string value) in (environment ?? ProcessEnvironment()).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Contains("__", StringComparison.Ordinal))
            {
                string key = name[EnvironmentPrefix.Length..].Replace("__", ".", StringComparison.Ordinal).ToLowerInvariant();
                options = ApplyText(options, key, value, "environment variable " + name, problems);
            }
        }

        foreach (string assignment in overrides ?? [])
        {
            int equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(new ConfigurationProblem("--set " + assignment, null, "expected key=value, such as actor_system.thread_pool_size=4"));
                continue;
            }

            options = ApplyText(options, assignment[..equals].Trim(), assignment[(equals + 1)..], "--set " + assignment, problems);
        }

        return problems.Count == 0 ? options : throw new ReflowConfigurationException(problems);
    }

    /// <summary>
    /// Reads the options from a <c>Microsoft.Extensions.Configuration</c> section (appsettings.json, environment,
    /// command line…), with the same keys and the same checks as a TOML file: unknown keys and values of the wrong
    /// type are errors naming the configuration path. (The binder's <c>Get&lt;ReflowOptions&gt;()</c> also works, but
    /// its <c>ErrorOnUnknownConfiguration</c> misjudges renamed keys in Binder 10.0: dotnet/runtime#119114.)
    /// </summary>
    /// <param name="section">The section holding <c>actor_system</c>, <c>supervision</c>, … (such as <c>configuration.GetSection("reflow")</c>).</param>
    /// <exception cref="ReflowConfigurationException">The section has problems; all of them are listed.</exception>
    public static ReflowOptions FromConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<ConfigurationProblem>();
        ReflowOptions options = ReflowOptions.Default;
        string root = section is IConfigurationSection named ? named.Path : "";
        foreach (IConfigurationSection child in section.GetChildren())
        {
            options = ApplySection(options, root, child, problems);
        }

        return problems.Count == 0 ? options : throw new ReflowConfigurationException(problems);
    }

    private static ReflowOptions ApplySection(ReflowOptions options, string root, IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        string key = RelativeKey(root, section);
        List<IConfigurationSection> children = [.. section.GetChildren()];
        string location = "configuration " + section.Path;
        if (ConfigurationSchema.Find(key) is { Type: ConfigurationValueType.StringList } && children.Count > 0)
        {
            // An array in configuration is a section with children 0, 1, 2, …
            return Apply(options, key, children.Select(c => (object)(c.Value ?? "")).ToList(), location, problems);
        }

        if (children.Count == 0)
        {
            return ApplyText(options, key, section.Value ?? "", location, problems);
        }

        foreach (IConfigurationSection child in children)
        {
            options = ApplySection(options, root, child, problems);
        }

        return options;
    }

    /// <summary>The dotted key of <paramref name="section"/> below <paramref name="root"/> (the path of the section <see cref="FromConfiguration"/> was given).</summary>
    private static string RelativeKey(string root, IConfigurationSection section) =>
        section.Path[root.Length..].TrimStart(':').Replace(ConfigurationPath.KeyDelimiter, ".", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Reads TOML text alone (no environment, no overrides).</summary>
    /// <param name="toml">The document.</param>
    /// <param name="fileName">The name problems are located in.</param>
    /// <exception cref="ReflowConfigurationException">The text has problems; all of them are listed.</exception>
    public static ReflowOptions FromToml(string toml, string fileName = "reflow.toml")
    {
        ArgumentNullException.ThrowIfNull(toml);
        var problems = new List<ConfigurationProblem>();
        ReflowOptions options = ApplyToml(ReflowOptions.Default, toml, fileName, problems);
        return problems.Count == 0 ? options : throw new ReflowConfigurationException(problems);
    }

    /// <summary>The configuration as a TOML document (every key, with its value in <paramref name="options"/>).</summary>
    public static string ToToml(ReflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new System.Text.StringBuilder();
        foreach (IGrouping<string, ConfigurationKey> section in ConfigurationSchema.Keys.GroupBy(k => k.Section))
        {
            text.Append(text.Length == 0 ? "" : "\n").Append('[').Append(section.Key).Append("]\n");
            foreach (ConfigurationKey key in section)
            {
                string value = key.Format(options);
                text.Append(value == "(none)" ? "# " : "").Append(key.Name).Append(" = ").Append(value == "(none)" ? "(not set)" : value).Append('\n');
            }
        }

        return text.ToString();
    }

    private static ReflowOptions ApplyFile(ReflowOptions options, string file, List<ConfigurationProblem> problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new ConfigurationProblem(file, null, ex is FileNotFoundException or DirectoryNotFoundException
                ? "the configuration file does not exist"
                : "the configuration file cannot be read: " + ex.Message));
            return options;
        }

        return ApplyToml(options, text, file, problems);
    }

    private static ReflowOptions ApplyToml(ReflowOptions options, string text, string fileName, List<ConfigurationProblem> problems)
    {
        var found = new List<(int Line, ConfigurationProblem Problem)>();
        var tableProblems = new List<ConfigurationProblem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string key, object value, int line) in TomlConfigurationReader.Read(text, fileName, tableProblems))
        {
            var keyProblems = new List<ConfigurationProblem>();
            string location = $"{fileName}:{line}";
            if (!seen.TryAdd(key, line))
            {
                keyProblems.Add(new ConfigurationProblem(location, key, $"{key} is set twice (first on line {seen[key]})"));
            }
            else
            {
                options = Apply(options, key, value, location, keyProblems);
            }

            found.AddRange(keyProblems.Select(p => (line, p)));
        }

        // The reader reports misplaced tables as it meets them and keys come after: list everything in file order.
        found.AddRange(tableProblems.Select(p => (LineOf(p.Location), p)));
        problems.AddRange(found.OrderBy(f => f.Line).Select(f => f.Problem));
        return options;
    }

    private static int LineOf(string location) =>
        int.TryParse(location.AsSpan(location.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int line) ? line : 0;

    private static ReflowOptions ApplyText(ReflowOptions options, string key, string text, string location, List<ConfigurationProblem> problems)
    {
        // "0" for a duration, "true" for an address: keys that take text get the text, whatever else it could be read as.
        object? typed = ParseValue(text);
        bool wantsText = ConfigurationSchema.Find(key)?.Type is ConfigurationValueType.Address or ConfigurationValueType.Duration or ConfigurationValueType.Choice or ConfigurationValueType.Text;
        object value = typed is null || (wantsText && typed is not string) ? text.Trim() : typed;
        return Apply(options, key, value, location, problems);
    }

    private static ReflowOptions Apply(ReflowOptions options, string key, object value, string location, List<ConfigurationProblem> problems)
    {
        ConfigurationKey? entry = ConfigurationSchema.Find(key);
        if (entry is null)
        {
            problems.Add(new ConfigurationProblem(location, key, UnknownKey(key)));
            return options;
        }

        if (!entry.TryConvert(value, out object? converted))
        {
            problems.Add(new ConfigurationProblem(location, key, $"{key} must be {entry.Expected}, but is {Describe(value)}"));
            return options;
        }

        if (entry.Check(converted) is string problem)
        {
            problems.Add(new ConfigurationProblem(location, key, $"{key}: {problem}"));
            return options;
        }

        return entry.Apply(options, converted);
    }

    /// <summary>A value as the messages name it: <c>the string "x"</c>, <c>the integer 0</c>.</summary>
    internal static string Describe(object value) => value switch
    {
        string s => $"the string \"{s}\"",
        long l => "the integer " + l.ToString(CultureInfo.InvariantCulture),
        double d => "the number " + d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IList list => "an array of " + list.Count + " item(s)",
        _ => value.ToString() ?? "a value",
    };

    private static string UnknownKey(string key)
    {
        int dot = key.LastIndexOf('.');
        string section = dot > 0 ? key[..dot] : "";
        List<ConfigurationKey> siblings = [.. ConfigurationSchema.Keys.Where(k => k.Section == section)];
        return siblings.Count > 0
            ? $"unknown key '{key}'; [{section}] has: {string.Join(", ", siblings.Select(k => k.Name))}"
            : $"unknown key '{key}'; the tables are {string.Join(", ", ConfigurationSchema.Sections.Select(s => "[" + s + "]"))}";
    }

    /// <summary>The TOML value <paramref name="text"/> stands for, or null when it is not one (then it is taken as text).</summary>
    private static object? ParseValue(string text)
    {
        try
        {
            TomlParser parser = TomlParser.Create("v = " + text, new TomlParserOptions(), null);
            while (parser.MoveNext())
            {
                TomlParseEvent e = parser.Current;
                switch (e.Kind)
                {
                    case TomlParseEventKind.String:
                        return parser.GetString();
                    case TomlParseEventKind.Integer:
                        return e.GetInt64();
                    case TomlParseEventKind.Float:
                        return e.GetDouble();
                    case TomlParseEventKind.Boolean:
                        return e.GetBoolean();
                    case TomlParseEventKind.StartArray:
                        List<object> items = [];
                        while (parser.MoveNext() && parser.Current.Kind == TomlParseEventKind.String)
                        {
                            items.Add(parser.GetString());
                        }

                        return parser.Current.Kind == TomlParseEventKind.EndArray ? items : null;
                    case TomlParseEventKind.StartTable or TomlParseEventKind.PropertyName or TomlParseEventKind.StartDocument:
                        continue;
                    default:
                        return null;
                }
            }
        }
        catch (Exception ex) when (ex is TomlException or ArgumentException)
        {
            // Not a TOML value (Tomlyn throws ArgumentException for an escape that names no character): the caller
            // takes the text as it is.
        }

        return null;
    }

    private static Dictionary<string, string> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return variables;
    }
}
