using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reflow.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health of the hosted Reflow networks to <c>services.AddHealthChecks()</c>.</summary>
public static class ReflowHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the check <paramref name="name"/>: the worst state of the networks run with <c>AddReflow().AddGraph</c>.
    /// Healthy: running, or finished cleanly. Degraded: an edge near capacity for
    /// <see cref="ReflowHostingOptions.SustainedBackpressure"/> (sustained backpressure), or failures the graph
    /// handled, or dead letters. Unhealthy: not started, failed to start, deadlocked, or with unhandled failures
    /// (while running too: such a run can no longer succeed). Its data has, per network, <c>{network}.state</c>,
    /// <c>.failures</c>, <c>.uncaught_failures</c>, <c>.dead_letters</c>, <c>.fullest_edge</c> and <c>.fullest_edge_queued</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default <c>reflow</c>.</param>
    /// <param name="tags">Tags to filter checks by (such as <c>ready</c>).</param>
    public static IHealthChecksBuilder AddReflowHealthChecks(this IHealthChecksBuilder builder, string name = "reflow", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            services => new ReflowHealthCheck(services.GetRequiredService<ReflowNetworks>(), services.GetRequiredService<ReflowHostingOptions>()),
            failureStatus: null,
            tags));
    }
}
