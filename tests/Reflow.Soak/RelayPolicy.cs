namespace Reflow.Soak;

/// <summary>The supervision a C# relay runs under; each is one of the engine's policies.</summary>
internal enum RelayPolicy
{
    Resume,
    Restart,
    Stop,
    Retry,
    CircuitBreaker,
}
