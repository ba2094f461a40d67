namespace Reflow.Components.Expressions;

/// <summary>What a <see cref="TypedNode"/> computes.</summary>
internal enum TypedOperation
{
    /// <summary>A literal, or <c>null</c>.</summary>
    Constant,

    /// <summary>A variable or a dotted path into one.</summary>
    Path,

    /// <summary><c>a == b</c>.</summary>
    Equal,

    /// <summary><c>a != b</c>.</summary>
    NotEqual,

    /// <summary><c>a &amp;&amp; b</c> (also <c>and</c>).</summary>
    And,

    /// <summary><c>a || b</c> (also <c>or</c>).</summary>
    Or,

    /// <summary><c>!a</c> (also <c>not</c>).</summary>
    Not,

    /// <summary><c>-a</c>.</summary>
    Negate,

    /// <summary><c>if(c, a, b)</c> and <c>c ? a : b</c>.</summary>
    If,

    /// <summary><c>int(x)</c>.</summary>
    ToInteger,

    /// <summary><c>float(x)</c>.</summary>
    ToFloat,
}
