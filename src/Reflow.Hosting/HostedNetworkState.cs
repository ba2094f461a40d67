namespace Reflow.Hosting;

/// <summary>Where a hosted network is in its life (<see cref="HostedNetwork.State"/>).</summary>
public enum HostedNetworkState
{
    /// <summary>The host has not started it yet (or its start failed: see <see cref="HostedNetwork.Failure"/>).</summary>
    NotStarted,

    /// <summary>Its run is going on.</summary>
    Running,

    /// <summary>The host is stopping it: its inputs are completed and what is in flight is being handled.</summary>
    Draining,

    /// <summary>Its run is over; <see cref="HostedNetwork.Result"/> says how it went.</summary>
    Finished,

    /// <summary>It could not start, or its run ended in a failure without statistics (a deadlock): see <see cref="HostedNetwork.Failure"/>.</summary>
    Failed,
}
