using Microsoft.Extensions.Configuration;
using Reflow.Actors;
using Reflow.Networks;

namespace Reflow.Configuration;

/// <summary>The <c>[supervision]</c> section: the <see cref="SupervisionPolicy"/> of every node that has none of its own.</summary>
public sealed record SupervisionOptions
{
    /// <summary><c>action</c>: <c>resume</c> (default), <c>restart</c> or <c>stop</c> once a failure is final (<see cref="SupervisionPolicy.Action"/>).</summary>
    [ConfigurationKeyName("action")]
    public FailureAction Action { get; init; } = FailureAction.Resume;

    /// <summary><c>max_retries</c>: retries of a failed message before the action applies. Default 0.</summary>
    [ConfigurationKeyName("max_retries")]
    public int MaxRetries { get; init; }

    /// <summary><c>retry_backoff</c>: the delay before the first retry, doubling after. Default 10 ms.</summary>
    [ConfigurationKeyName("retry_backoff")]
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary><c>max_retry_backoff</c>: the longest delay between retries. Default 1 s.</summary>
    [ConfigurationKeyName("max_retry_backoff")]
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>max_restarts</c>: restarts before a restarting actor is stopped instead. Default 10.</summary>
    [ConfigurationKeyName("max_restarts")]
    public int MaxRestarts { get; init; } = 10;

    /// <summary><c>circuit_breaker_threshold</c>: consecutive failures that open the circuit; 0 (default) turns it off.</summary>
    [ConfigurationKeyName("circuit_breaker_threshold")]
    public int CircuitBreakerThreshold { get; init; }

    /// <summary><c>circuit_breaker_duration</c>: how long an open circuit turns messages away. Default 1 s.</summary>
    [ConfigurationKeyName("circuit_breaker_duration")]
    public TimeSpan CircuitBreakerDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>ignore_failures</c>: uncaught failures (and messages lost to a stopped actor or an open circuit) leave the run
    /// successful; they are still counted and shown (<see cref="SupervisionPolicy.IgnoreFailures"/>). Default false.
    /// </summary>
    [ConfigurationKeyName("ignore_failures")]
    public bool IgnoreFailures { get; init; }

    /// <summary>The policy these settings stand for.</summary>
    public SupervisionPolicy ToPolicy() => new()
    {
        Action = Action,
        MaxRetries = MaxRetries,
        RetryBackoff = RetryBackoff,
        MaxRetryBackoff = MaxRetryBackoff,
        MaxRestarts = MaxRestarts,
        CircuitBreakerThreshold = CircuitBreakerThreshold,
        CircuitBreakerDuration = CircuitBreakerDuration,
        IgnoreFailures = IgnoreFailures,
    };
}
