namespace Reflow.Configuration;

/// <summary>The kinds of value a configuration key takes.</summary>
internal enum ConfigurationValueType
{
    /// <summary>A whole number no smaller than the key's minimum.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>host:port</c>.</summary>
    Address,

    /// <summary>A duration string: <c>"250ms"</c>, <c>"1s"</c>, <c>"2m"</c>, <c>"00:00:01"</c>.</summary>
    Duration,

    /// <summary>A size string (<c>"512MB"</c>) or a whole number of bytes.</summary>
    Size,

    /// <summary>An array of strings.</summary>
    StringList,

    /// <summary>A non-empty string (a path, a command).</summary>
    Text,

    /// <summary>One of the names of an enum, in snake_case (<c>busy_spin</c>) or as declared (<c>BusySpin</c>).</summary>
    Choice,
}
