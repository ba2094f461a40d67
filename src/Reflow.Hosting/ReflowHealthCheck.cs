using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reflow.Networks;

namespace Reflow.Hosting;

/// <summary>The health of every hosted network (see <see cref="Microsoft.Extensions.DependencyInjection.ReflowHealthChecksBuilderExtensions.AddReflowHealthChecks"/>).</summary>
internal sealed class ReflowHealthCheck(ReflowNetworks networks, ReflowHostingOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var descriptions = new List<string>();
        HealthStatus worst = HealthStatus.Healthy;
        foreach (HostedNetwork network in networks.All)
        {
            (HealthStatus status, string description) = Check(network, data);
            descriptions.Add($"{network.Name}: {description}");
            worst = status < worst ? status : worst; // Unhealthy < Degraded < Healthy
        }

        string text = descriptions.Count == 0 ? "no hosted networks" : string.Join("; ", descriptions);
        return Task.FromResult(new HealthCheckResult(worst, text, data: data));
    }

    private (HealthStatus, string) Check(HostedNetwork hosted, Dictionary<string, object> data)
    {
        string key = hosted.Name + ".";
        data[key + "state"] = hosted.State.ToString();
        if (hosted.Failure is { } failure)
        {
            data[key + "error"] = failure.Message;
            return (HealthStatus.Unhealthy, hosted.Network is null ? "could not start: " + failure.Message : "failed: " + failure.Message);
        }

        if (hosted.Result is { } result)
        {
            data[key + "failures"] = result.FailureCount;
            data[key + "uncaught_failures"] = result.UncaughtFailures;
            data[key + "dead_letters"] = result.DeadLetters;
            return result.HasUnhandledFailures
                ? (HealthStatus.Unhealthy, $"stopped with {result.UncaughtFailures} unhandled failures and {result.DeadLettersFromFailures} messages lost to failures")
                : result.FailureCount > 0 || result.DeadLetters > 0 || !result.Completed
                    ? (HealthStatus.Degraded, $"finished with {result.FailureCount} handled failures and {result.DeadLetters} dead letters{(result.Completed ? "" : ", not drained")}")
                    : (HealthStatus.Healthy, "finished cleanly");
        }

        if (hosted.Network is not { } network)
        {
            return (HealthStatus.Unhealthy, "not started");
        }

        NetworkSnapshot snapshot = network.GetSnapshot();
        long failures = snapshot.Nodes.Sum(n => n.Failures);
        data[key + "failures"] = failures;
        data[key + "uncaught_failures"] = snapshot.UncaughtFailures;
        data[key + "dead_letters"] = snapshot.DeadLetters;
        string state = hosted.State == HostedNetworkState.Draining ? "draining" : "running";
        BackpressureWatch? watch = hosted.Backpressure;
        if (watch?.Fullest(snapshot) is { } fullest)
        {
            data[key + "fullest_edge"] = fullest.Id;
            data[key + "fullest_edge_queued"] = $"{fullest.Queued}/{fullest.Capacity}";
        }

        if (snapshot.HasUnhandledFailures)
        {
            return (HealthStatus.Unhealthy, $"{state} with {snapshot.UncaughtFailures} unhandled failures and {snapshot.DeadLettersFromFailures} messages lost to failures: the run will fail");
        }

        if (watch?.FullFor is { } fullFor && fullFor >= options.SustainedBackpressure && watch.Fullest(snapshot) is { } edge)
        {
            return (HealthStatus.Degraded, $"{state} under sustained backpressure: {edge.Id} has been near capacity for {fullFor.TotalSeconds:0.0} s ({edge.Queued}/{edge.Capacity} now)");
        }

        return failures > 0 || snapshot.DeadLetters > 0
            ? (HealthStatus.Degraded, $"{state} with {failures} handled failures and {snapshot.DeadLetters} dead letters")
            : (HealthStatus.Healthy, state);
    }
}
