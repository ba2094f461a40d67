namespace Reflow.Components.Maths;

/// <summary>The arithmetic of the binary math components.</summary>
internal enum BinaryOperation
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
    Min,
    Max,
}
