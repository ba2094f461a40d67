using System.Globalization;

namespace Reflow.Configuration;

/// <summary>One key of the configuration: its dotted path, its type, and how it is read from and written to <see cref="ReflowOptions"/>.</summary>
internal sealed class ConfigurationKey
{
    private readonly Func<ReflowOptions, object?, ReflowOptions> _apply;
    private readonly Func<ReflowOptions, object?> _read;
    private readonly Func<object?, string?>? _check;

    public ConfigurationKey(
        string path,
        ConfigurationValueType type,
        string description,
        Func<ReflowOptions, object?> read,
        Func<ReflowOptions, object?, ReflowOptions> apply,
        long minimum = 0,
        Type? choices = null,
        Func<object?, string?>? check = null)
    {
        _check = check;
        Path = path;
        Type = type;
        Description = description;
        _read = read;
        _apply = apply;
        Minimum = minimum;
        Choices = choices;
        int dot = path.LastIndexOf('.');
        Section = path[..dot];
        Name = path[(dot + 1)..];
    }

    /// <summary>The dotted path: <c>actor_system.thread_pool_size</c>.</summary>
    public string Path { get; }

    /// <summary>The table it is in: <c>actor_system</c>, <c>runtimes.python</c>.</summary>
    public string Section { get; }

    /// <summary>The key's own name: <c>thread_pool_size</c>.</summary>
    public string Name { get; }

    public ConfigurationValueType Type { get; }

    public string Description { get; }

    /// <summary>The smallest value of an <see cref="ConfigurationValueType.Integer"/> key.</summary>
    public long Minimum { get; }

    /// <summary>The enum of a <see cref="ConfigurationValueType.Choice"/> key.</summary>
    public Type? Choices { get; }

    public ReflowOptions Apply(ReflowOptions options, object? value) => _apply(options, value);

    /// <summary>Why a converted value does not fit beyond its type (a host that is not one, say), or null when it does.</summary>
    public string? Check(object? value) => _check?.Invoke(value);

    /// <summary>
    /// Converts a TOML value (<see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, a
    /// list of those) to this key's type; false when it does not fit.
    /// </summary>
    public bool TryConvert(object raw, out object? value)
    {
        value = null;
        switch (Type)
        {
            case ConfigurationValueType.Integer when raw is long l && l >= Minimum && l <= int.MaxValue:
                value = (int)l;
                return true;
            case ConfigurationValueType.Boolean when raw is bool b:
                value = b;
                return true;
            case ConfigurationValueType.Address when raw is string s && ConfigurationText.IsAddress(s):
                value = s;
                return true;
            case ConfigurationValueType.Duration when raw is string s && ConfigurationText.TryParseDuration(s, out TimeSpan duration):
                value = duration;
                return true;
            case ConfigurationValueType.Size when raw is string s && ConfigurationText.TryParseSize(s, out _):
                value = s.Trim();
                return true;
            case ConfigurationValueType.Size when raw is long l && l >= 0:
                value = l.ToString(CultureInfo.InvariantCulture);
                return true;
            case ConfigurationValueType.StringList when raw is IReadOnlyList<object> items && items.All(i => i is string):
                value = items.Cast<string>().ToArray();
                return true;
            case ConfigurationValueType.Text when raw is string s && s.Trim().Length > 0:
                value = s.Trim();
                return true;
            case ConfigurationValueType.Choice when raw is string s:
                string wanted = s.Replace("_", "", StringComparison.Ordinal);
                string? name = Enum.GetNames(Choices!).FirstOrDefault(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
                value = name is null ? null : Enum.Parse(Choices!, name);
                return name is not null;
            default:
                return false;
        }
    }

    /// <summary>What this key's value looks like in a TOML file (<c>4</c>, <c>"1s"</c>, <c>"spin_yield_park"</c>).</summary>
    public string Format(ReflowOptions options) => _read(options) switch
    {
        null => "(none)",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        TimeSpan t => '"' + ConfigurationText.FormatDuration(t) + '"',
        Enum e => '"' + ConfigurationText.SnakeCase(e.ToString()) + '"',
        IReadOnlyList<string> list => "[" + string.Join(", ", list.Select(ConfigurationText.Quote)) + "]",
        object o => ConfigurationText.Quote(o.ToString() ?? ""),
    };

    /// <summary>What the key takes, in words (for error messages and the reference).</summary>
    public string Expected => Type switch
    {
        ConfigurationValueType.Integer => Minimum == 0 ? "a whole number of at least 0" : $"a whole number of at least {Minimum}",
        ConfigurationValueType.Boolean => "true or false",
        ConfigurationValueType.Address => "a \"host:port\" string",
        ConfigurationValueType.Duration => "a duration string such as \"250ms\", \"1s\" or \"2m\"",
        ConfigurationValueType.Size => "a size such as \"512MB\" or a whole number of bytes",
        ConfigurationValueType.StringList => "an array of strings",
        ConfigurationValueType.Text => "a non-empty string",
        ConfigurationValueType.Choice => "one of " + string.Join(", ", Enum.GetNames(Choices!).Select(n => '"' + ConfigurationText.SnakeCase(n) + '"')),
        _ => throw new InvalidOperationException("Unknown configuration value type."),
    };
}
