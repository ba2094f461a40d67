using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reflow.Hosting.Tests;

/// <summary>Builds generic hosts the way an application does, with a collecting logger instead of the console.</summary>
public static class TestHost
{
    public static IHost Build(CollectingLoggerProvider logs, Action<HostApplicationBuilder> configure, TimeSpan? shutdownTimeout = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30));
        configure(builder);
        return builder.Build();
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds; fails after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what, int seconds = 15)
    {
        for (int i = 0; i < seconds * 100 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "timed out waiting until " + what);
    }
}
