namespace Reflow.Hosting;

/// <summary>How <c>AddReflow</c> sets up the engine in a host: where its configuration is, which components it has, how health is judged.</summary>
public sealed class ReflowHostingOptions
{
    /// <summary>
    /// The configuration section <see cref="Configuration.ReflowOptions"/> is read from, with <c>reflow.toml</c>'s keys
    /// below it (<c>Reflow:actor_system:thread_pool_size</c>). Default <c>Reflow</c>.
    /// </summary>
    public string ConfigurationSection { get; set; } = "Reflow";

    /// <summary>Whether the registry starts with the standard components (<c>core/</c>, <c>flow/</c>, <c>io/</c>…). Default true.</summary>
    public bool StandardComponents { get; set; } = true;

    /// <summary>How full an edge must be (queued ÷ capacity) to count as under backpressure. Default 0.9.</summary>
    public double BackpressureThreshold { get; set; } = 0.9;

    /// <summary>How long an edge must stay that full before the health check reports the network Degraded. Default 5 s.</summary>
    public TimeSpan SustainedBackpressure { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a running network's edges are sampled for backpressure. Default 1 s.</summary>
    public TimeSpan BackpressureSampleInterval { get; set; } = TimeSpan.FromSeconds(1);
}
