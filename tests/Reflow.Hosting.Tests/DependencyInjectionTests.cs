using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Hosting.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly GraphFiles _graphs = new();
    private readonly HttpListener _server = new();
    private readonly Task _serving;
    private readonly string _address;

    public DependencyInjectionTests()
    {
        int port = FreePort();
        _address = $"http://127.0.0.1:{port}/";
        _server.Prefixes.Add(_address);
        _server.Start();
        _serving = ServeAsync();
    }

    [Fact]
    public async Task A_component_takes_its_logger_and_a_factory_made_HttpClient_from_the_container()
    {
        var logs = new CollectingLoggerProvider();
        var greetings = new List<string>();
        using IHost host = TestHost.Build(logs, builder =>
        {
            builder.Services.AddHttpClient("greetings", client => client.BaseAddress = new Uri(_address));
            builder.Services.AddReflow()
                .AddComponent<Greeter>()
                .AddGraph("greet", _graphs.OneNode("test/Greeter"), graph => graph.ReadOutput("out", m =>
                {
                    lock (greetings)
                    {
                        greetings.Add(m.AsString());
                    }
                }));
        });

        await host.StartAsync();
        Network network = await host.Services.GetRequiredService<ReflowNetworks>()["greet"].WhenStarted;
        foreach (string name in new[] { "ada", "grace", "linus" })
        {
            await network.SendAsync("in", Message.String(name));
        }

        await host.StopAsync(); // drains: every greeting is in before it returns
        Assert.Equal(["hello, ada", "hello, grace", "hello, linus"], greetings);
        LogEntry[] greeted = [.. logs.Entries.Where(e => e.Category == typeof(Greeter).FullName)];
        Assert.Equal(["ada", "grace", "linus"], greeted.Select(e => (string?)e["Name"]));
    }

    [Fact]
    public async Task Every_node_gets_an_actor_of_its_own()
    {
        var logs = new CollectingLoggerProvider();
        string graph = _graphs.Write("two.fbp", "INPORT=a.IN:in\nOUTPORT=b.OUT:out\na(test/Failing) OUT -> IN b(test/Failing)\n");
        var seen = new List<Message>();
        using IHost host = TestHost.Build(logs, builder => builder.Services.AddReflow()
            .AddComponent<Failing>()
            .AddGraph("two", graph, g => g.ReadOutput("out", seen.Add)));
        await host.StartAsync();
        Network network = await host.Services.GetRequiredService<ReflowNetworks>()["two"].WhenStarted;
        await network.SendAsync("in", Message.Integer(7));
        await host.StopAsync();
        Assert.Equal([Message.Integer(7)], seen);
        object?[] actors = [.. logs.Entries.Where(e => e.Category == typeof(Failing).FullName).Select(e => e["Actor"])];
        Assert.Equal(2, actors.Length);
        Assert.NotEqual(actors[0], actors[1]); // each node's actor is a fresh instance from the container
    }

    private async Task ServeAsync()
    {
        while (_server.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _server.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            byte[] body = Encoding.UTF8.GetBytes("hello, " + Uri.UnescapeDataString(context.Request.Url!.AbsolutePath["/greet/".Length..]));
            context.Response.ContentType = "text/plain";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
        _graphs.Dispose();
    }
}
