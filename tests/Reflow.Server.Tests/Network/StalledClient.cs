using System.Text.Json.Nodes;
using Reflow.Server.Protocol;

namespace Reflow.Server.Tests.Network;

/// <summary>A client whose send queue is full from the first data event on an edge: sending to it waits until released.</summary>
internal sealed class StalledClient : IFbpClient
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id => "stalled";

    public async ValueTask SendAsync(string protocol, string command, JsonNode? payload, string? responseTo, CancellationToken cancellationToken)
    {
        if (command == "data" && payload?["src"] is not null)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
    }

    public void Release() => _release.TrySetResult();
}
