// A Worker Service that runs a graph: lines from standard input go through examples/worker-service/readings.fbp,
// whose own component is made through dependency injection. Stop it with Ctrl+C or SIGTERM: it drains (every line
// accepted is handled), logs a summary and exits 0. Run it with:
//   seq 1 100 | sed 's/^/sensor-1,/' | dotnet run --project examples/worker-service
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reflow.Examples.WorkerService;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json and the graph sit next to the program
});
builder.Configuration.AddReflowToml(Path.Combine(AppContext.BaseDirectory, "reflow.toml"), optional: true); // the CLI's file, same keys

builder.Services.Configure<ReadingOptions>(builder.Configuration.GetSection("Readings"));
var totals = new ReadingTotals();
builder.Services.AddSingleton(totals);
builder.Services.AddReflow()
    .AddComponent<ParseReading>()
    .AddGraph("readings", Path.Combine(AppContext.BaseDirectory, "readings.fbp"), graph => graph.ReadOutput("readings", totals.Add));
builder.Services.AddHostedService<StdinFeeder>(); // after AddReflow: it stops first, then the network drains
builder.Services.AddHealthChecks().AddReflowHealthChecks();

using IHost host = builder.Build();
await host.StartAsync();
await host.WaitForShutdownAsync(); // SIGTERM or Ctrl+C: the hosted services stop, the network drains

HealthReport health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
Console.WriteLine($"summary: {totals.Lines} lines fed, {totals.Readings} readings processed, health {health.Status}, exit code {Environment.ExitCode}");
