namespace Reflow.Server.Workflows;

/// <summary>The workflow API's limits: from <see cref="Hosting.ReflowServerOptions"/>, and the webhook timings (fixed; tests shorten them).</summary>
internal sealed record WorkflowSettings
{
    /// <summary>Executions whose networks run at once; more wait as Queued.</summary>
    public int MaxRunning { get; init; } = 4;

    /// <summary>Executions waiting for a slot; past it a new request is refused (503).</summary>
    public int MaxQueued { get; init; } = 64;

    /// <summary>Finished executions kept for <c>GET /workflows/{id}</c>; past it the oldest finished is forgotten.</summary>
    public int MaxKeptFinished { get; init; } = 100;

    /// <summary>Outputs kept per exported out-port of one execution; later ones are counted, not kept.</summary>
    public int MaxOutputsPerPort { get; init; } = 1000;

    /// <summary>Events kept per execution for late subscribers; later ones are counted, not kept (they still go out live).</summary>
    public int MaxEventsKept { get; init; } = 1000;

    /// <summary>Tries per webhook POST (the first and the retries).</summary>
    public int WebhookAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; each next one waits twice as long, up to <see cref="WebhookMaxDelay"/>.</summary>
    public TimeSpan WebhookFirstDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two tries.</summary>
    public TimeSpan WebhookMaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one POST may take.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Webhook POSTs waiting per execution; past it events are counted as dropped.</summary>
    public int WebhookQueue { get; init; } = 256;
}
