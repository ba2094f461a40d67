namespace Reflow.Components.Infrastructure;

/// <summary>The JSON type of one configuration entry (<see cref="ConfigAttribute"/>), as its JSON Schema names it.</summary>
public enum ConfigType
{
    /// <summary>A string.</summary>
    String,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>Any number.</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>A JSON array.</summary>
    Array,

    /// <summary>A JSON object.</summary>
    Object,

    /// <summary>Any JSON value.</summary>
    Any,
}
