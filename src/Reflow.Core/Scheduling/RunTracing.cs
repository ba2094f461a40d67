using System.Diagnostics;

namespace Reflow.Scheduling;

/// <summary>
/// The <see cref="System.Diagnostics.ActivitySource"/> of a run's traces: the network's run activity and one per actor
/// failure. It sits here, not with the network's metrics, because actor cells start the failure activities and the
/// scheduling layer does not look up to the network layer (DESIGN §2); the network layer uses the same source.
/// </summary>
internal static class RunTracing
{
    /// <summary>The source's name (public as <c>Network.ActivitySourceName</c>).</summary>
    public const string ActivitySourceName = "Reflow.Network";

    /// <summary>The one source every run of the process shares.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);
}
