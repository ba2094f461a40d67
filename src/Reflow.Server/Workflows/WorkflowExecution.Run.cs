using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using CoreNetwork = Reflow.Networks.Network;

namespace Reflow.Server.Workflows;

// The run: a fresh Core network of the request's graph on the server's network options, fed the request's inputs,
// its exported out-ports collected, its events turned into workflow events.
internal sealed partial class WorkflowExecution
{
    /// <summary>How many failures the <c>Failed</c> event's error names (the status lists up to <see cref="NetworkRunResult.FailuresKept"/>).</summary>
    private const int FailuresNamed = 3;

    /// <summary>
    /// Runs the network to its end (or until cancelled or <paramref name="stopping"/>), then publishes the terminal
    /// event. Returns at once when the execution was cancelled while queued.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        lock (_lock)
        {
            if (_status != WorkflowStatus.Queued)
            {
                return;
            }

            _status = WorkflowStatus.Running;
            StartedAt = DateTimeOffset.UtcNow;
        }

        CoreNetwork network;
        try
        {
            network = CoreNetwork.Create(Request.Definition, _options with { Name = $"workflow {Id}" });
        }
        catch (Exception ex) when (ex is NetworkValidationException or ArgumentException or InvalidOperationException)
        {
            lock (_lock)
            {
                _errors.Add(ex.Message);
            }

            Finish(WorkflowStatus.Failed, $"the network could not be made: {ex.Message}", null);
            return;
        }

        await using (network.ConfigureAwait(false))
        {
            bool cancelled;
            lock (_lock)
            {
                _network = network;
                cancelled = _cancelRequested;
            }

            ChannelReader<NetworkEvent> events = network.SubscribeEvents(); // before the start: nothing is missed
            Publish(new WorkflowEvent(WorkflowId, Id, WorkflowEventType.Started, DateTimeOffset.UtcNow, new JsonObject { ["input"] = Request.Input?.DeepClone() }));
            Task<NetworkRunResult> run = network.RunAsync(CancellationToken.None);
            using CancellationTokenRegistration stop = stopping.Register(static n => _ = ((CoreNetwork)n!).StopAsync(drain: false), network);
            if (cancelled)
            {
                _ = network.StopAsync(drain: false);
            }

            Task pump = PumpAsync(events);
            Task[] reading = [.. Request.Definition.OutPorts.Select(p => ReadAsync(p.Name, network.Output(p.Name)))];
            await FeedAsync(network).ConfigureAwait(false);

            NetworkRunResult? result = null;
            string? failure = null;
            try
            {
                result = await run.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure = $"the run failed: {ex.Message}";
            }

            await Task.WhenAll(reading).ConfigureAwait(false);
            await pump.ConfigureAwait(false);
            End(result, failure, stopping.IsCancellationRequested);
        }
    }

    private void End(NetworkRunResult? result, string? failure, bool serverStopping)
    {
        WorkflowStatus status;
        JsonNode? data = null;
        lock (_lock)
        {
            _result = result;
            if (failure is not null)
            {
                _errors.Add(failure);
            }

            if (result is not null)
            {
                _errors.AddRange(result.Failures.Select(f => $"{f.NodeId}: {f.Message}"));
            }

            if (_cancelRequested)
            {
                status = WorkflowStatus.Cancelled;
            }
            else if (serverStopping)
            {
                status = WorkflowStatus.Failed;
                failure = "the server stopped before the run ended";
                _errors.Add(failure);
            }
            else if (failure is null && result is { HasUnhandledFailures: false })
            {
                status = WorkflowStatus.Completed;
                data = OutputsJson(); // the original's Completed event carried the results
            }
            else
            {
                status = WorkflowStatus.Failed;
                failure ??= FailureSummary(result!);
            }
        }

        Finish(status, failure, data);
    }

    private static string FailureSummary(NetworkRunResult result)
    {
        string named = string.Join("; ", result.Failures.Take(FailuresNamed).Select(f => $"{f.NodeId}: {f.Message}"));
        string more = result.FailureCount > FailuresNamed ? $"; and {result.FailureCount - FailuresNamed} more" : "";
        return $"{result.UncaughtFailures} unhandled failure(s), {result.DeadLettersFromFailures} message(s) lost to failures: {named}{more}";
    }

    /// <summary>Each input to its exported in-port, in order, then every in-port completed so the run can end.</summary>
    private async Task FeedAsync(CoreNetwork network)
    {
        try
        {
            foreach ((string port, Message message) in Request.Inputs)
            {
                await network.SendAsync(port, message, _cancel.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled while an input waited for room: it was not accepted.
        }
        catch (InvalidOperationException ex)
        {
            // The run stopped taking input (cancelled, or the server stops).
            _log($"workflow {Id}: input not taken: {ex.Message}");
        }
        finally
        {
            network.CompleteInputs();
        }
    }

    /// <summary>Keeps an exported out-port's values (up to <see cref="WorkflowSettings.MaxOutputsPerPort"/>; the rest counted).</summary>
    private async Task ReadAsync(string port, ChannelReader<Message> output)
    {
        await foreach (Message message in output.ReadAllAsync().ConfigureAwait(false))
        {
            JsonNode? value = JsonNode.Parse(MessageJson.ToJson(message));
            lock (_lock)
            {
                List<JsonNode?> values = _outputs[port];
                if (values.Count < _settings.MaxOutputsPerPort)
                {
                    values.Add(value);
                }
                else
                {
                    _outputsNotKept[port] = _outputsNotKept.GetValueOrDefault(port) + 1;
                }
            }
        }
    }

    /// <summary>The network's events as workflow events; ends with the run (the reader completes then).</summary>
    private async Task PumpAsync(ChannelReader<NetworkEvent> events)
    {
        bool idle = false; // a network that waits on timers goes idle between ticks: told once until something else happens
        await foreach (NetworkEvent e in events.ReadAllAsync().ConfigureAwait(false))
        {
            WorkflowEvent? published = e.Kind switch
            {
                NetworkEventKind.ActorFailed => new WorkflowEvent(
                    WorkflowId, Id, WorkflowEventType.ActorFailed, e.Timestamp, null,
                    ActorId: e.NodeId ?? "", Error: e.Exception?.Message ?? e.Message?.ToString() ?? "failed"),
                NetworkEventKind.ActorStopped => new WorkflowEvent(
                    WorkflowId, Id, WorkflowEventType.ActorCompleted, e.Timestamp,
                    e.State is { } state ? new JsonObject { ["state"] = state.ToString() } : null, ActorId: e.NodeId ?? ""),
                NetworkEventKind.Idle when !idle => new WorkflowEvent(WorkflowId, Id, WorkflowEventType.NetworkIdle, e.Timestamp, null),
                _ => null,
            };
            if (published is not null)
            {
                idle = published.Type == WorkflowEventType.NetworkIdle;
                Publish(published);
            }
        }
    }
}
