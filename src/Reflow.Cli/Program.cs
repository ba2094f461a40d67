using Reflow.Cli;

return await ReflowCli.InvokeAsync(args, ConsoleHost.Create()).ConfigureAwait(false);
