using Reflow.Soak;

// The soak harness's command line: see SoakOptions.Usage (--help).
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(SoakOptions.Usage);
    return 0;
}

SoakOptions options;
try
{
    options = SoakOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"Reflow.Soak: {ex.Message}");
    Console.Error.WriteLine(SoakOptions.Usage);
    return 2;
}

if (options.Distributed && (!File.Exists(options.ReflowDll) || !(File.Exists(options.NatsServer) || options.NatsServer == "nats-server")))
{
    Console.Error.WriteLine($"Reflow.Soak: --distributed needs the reflow CLI (looked for {options.ReflowDll}; build src/Reflow.Cli in Release or pass --reflow-dll) " +
        $"and nats-server (looked for {options.NatsServer}; apt-get install nats-server, or pass --nats-server).");
    return 2;
}

SoakSummary summary = await new SoakRunner(options, Console.Out).RunAsync();
if (options.ReportPath is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, summary.Markdown(options));
    Console.WriteLine($"soak: report written to {path}");
}

Console.WriteLine(summary.Line());
return summary.Passed ? 0 : 1;
