namespace Reflow.Soak;

/// <summary>A failure the soak injected on purpose.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);
