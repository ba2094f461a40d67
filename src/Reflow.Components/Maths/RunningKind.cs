namespace Reflow.Components.Maths;

/// <summary>What a running-statistics component emits.</summary>
internal enum RunningKind
{
    Sum,
    Average,
    Statistics,
}
