using Xunit.Abstractions;

namespace Reflow.Server.Tests.Hosting;

/// <summary>
/// The conformance suite of the protocol itself: the fbp-protocol npm package's <c>fbp-test</c> (pinned in
/// tests/fbp-protocol-suite, installed by this project's build) against a <c>reflow serve</c> process, configured as
/// its <c>fbp-init</c> configures it.
/// </summary>
public sealed class FbpProtocolSuiteTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static string SuiteDirectory => Path.Combine(ChildProcess.RepositoryRoot, "tests", "fbp-protocol-suite");

    private static string Bin(string name) => Path.Combine(SuiteDirectory, "node_modules", "fbp-protocol", "bin", name);

    [Fact]
    public async Task Fbp_test_passes_against_reflow_serve()
    {
        Assert.True(File.Exists(Bin("fbp-test")), $"{Bin("fbp-test")} is missing: building Reflow.Server.Tests installs it (npm ci in {SuiteDirectory}).");
        (ChildProcess serve, Uri url) = await ServeCommandTests.StartServeAsync();
        string project = Path.Combine(Path.GetTempPath(), "reflow-fbp-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(project);
        try
        {
            using (serve)
            {
                // fbp-config.json goes to PROJECT_HOME; fbp-test runs mocha from ./node_modules/.bin, so it runs in the suite's folder.
                var environment = new Dictionary<string, string> { ["PROJECT_HOME"] = project };
                using (ChildProcess init = ChildProcess.Start("node", SuiteDirectory, environment,
                    Bin("fbp-init"), "--name", "reflow", "--port", url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--collection", "core", "--version", "0.9"))
                {
                    Assert.True(await init.WaitForExitAsync(Patience), init.Transcript);
                    Assert.True(init.ExitCode == 0, "fbp-init failed:\n" + init.Transcript);
                    Assert.True(File.Exists(Path.Combine(project, "fbp-config.json")), "fbp-init wrote no fbp-config.json:\n" + init.Transcript);
                }

                using ChildProcess test = ChildProcess.Start("node", SuiteDirectory, environment, Bin("fbp-test"), "--no-color");
                bool finished = await test.WaitForExitAsync(Patience);
                output.WriteLine(test.Transcript);
                output.WriteLine("--- reflow serve\n" + serve.Transcript);
                Assert.True(finished, $"fbp-test did not finish in {Patience}:\n{test.Transcript}\n--- reflow serve\n{serve.Transcript}");
                Assert.True(test.ExitCode == 0, $"fbp-test failed (exit {test.ExitCode}):\n{test.Transcript}\n--- reflow serve\n{serve.Transcript}");

                await serve.TerminateAsync();
                Assert.True(await serve.WaitForExitAsync(Patience), serve.Transcript);
            }
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}
