using Microsoft.Extensions.Logging;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Hosting.Tests;

/// <summary>Asks an HTTP service (a named client from the injected factory) for a greeting per name.</summary>
[Component("test/Greeter")]
[InPort("in", PortType.String)]
[OutPort("out", PortType.String)]
public sealed class Greeter(IHttpClientFactory clients, ILogger<Greeter> logger) : AsyncActor
{
    private readonly HttpClient _client = clients.CreateClient("greetings");

    public override async ValueTask ReceiveAsync(ActorContext context, CancellationToken cancellationToken)
    {
        string name = context.Message.AsString();
        logger.LogInformation("greeting {Name}", name);
        string greeting = await _client.GetStringAsync(new Uri("greet/" + Uri.EscapeDataString(name), UriKind.Relative), cancellationToken);
        context.Emit("out", Message.String(greeting));
    }
}
