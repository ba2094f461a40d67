using System.Diagnostics;

namespace Reflow.Tests.Shared;

/// <summary>
/// Runs the <c>openssl</c> command line in a folder, for tests that make throw-away certificates (TLS of nats-server and
/// of <c>reflow serve</c>). Linked into each test project that needs it (tests/Shared), not a project of its own.
/// </summary>
internal static class OpenSsl
{
    /// <summary>Runs <c>openssl</c> with <paramref name="args"/> in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">It failed; the message has its output.</exception>
    public static async Task RunAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }
}
