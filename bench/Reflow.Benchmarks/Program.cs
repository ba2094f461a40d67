using BenchmarkDotNet.Running;

// Entry point for every suite in this assembly: `dotnet run -c Release --project bench/Reflow.Benchmarks -- --filter '*Ring*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
