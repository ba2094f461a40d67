namespace Reflow.Benchmarks.Peers;

/// <summary>The two topologies of <see cref="B5FanOutFanIn"/>.</summary>
public enum FanShape
{
    /// <summary>Producer → 8 relays → sink.</summary>
    OneToEightToOne,

    /// <summary>Producer → 2 relays → sink.</summary>
    Diamond,
}
