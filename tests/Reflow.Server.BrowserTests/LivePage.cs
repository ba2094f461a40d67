using System.Globalization;
using Microsoft.Playwright;
using Reflow.Server.Tests.Hosting;

namespace Reflow.Server.BrowserTests;

/// <summary>
/// A real <c>reflow serve</c> process on 127.0.0.1 (a free port) and Debian's chromium driven by Playwright on its page:
/// both ended on dispose. Screenshots go to <see cref="ScreenshotDirectory"/>; the page's console errors are collected.
/// </summary>
internal sealed class LivePage : IAsyncDisposable
{
    /// <summary>How long any one wait in these tests may take.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string Chromium = "/usr/bin/chromium";

    private readonly ChildProcess _serve;
    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _browser;
    private readonly string _profile;

    private LivePage(ChildProcess serve, Uri url, IPlaywright playwright, IBrowserContext browser, string profile, IPage page)
    {
        _serve = serve;
        Url = url;
        _playwright = playwright;
        _browser = browser;
        _profile = profile;
        Page = page;
    }

    /// <summary><c>$REFLOW_ARTIFACTS/screenshots</c> when set (CI keeps it with its logs), else <c>screenshots</c> beside the tests.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("REFLOW_ARTIFACTS") is { Length: > 0 } artifacts ? artifacts : AppContext.BaseDirectory, "screenshots");

    /// <summary>The server's WebSocket address (ws://127.0.0.1:port/).</summary>
    public Uri Url { get; }

    public IPage Page { get; }

    /// <summary>What the page wrote to its console as errors, and uncaught exceptions (a CSP refusal shows here).</summary>
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Starts <c>reflow serve</c> on <paramref name="graph"/> (a path under the repository) with <paramref name="serveArguments"/>, then chromium on its page.</summary>
    public static async Task<LivePage> OpenAsync(string graph, params string[] serveArguments)
    {
        ChildProcess serve = ChildProcess.StartReflow(["serve", "--port", "0", "--address", "127.0.0.1", .. serveArguments, Path.Combine(ChildProcess.RepositoryRoot, graph)]);
        IPlaywright? playwright = null;
        string profile = Directory.CreateTempSubdirectory("reflow-chromium-").FullName;
        try
        {
            string line = await serve.WaitForOutputAsync(l => l.StartsWith("reflow serve: listening on ", StringComparison.Ordinal), Patience);
            var url = new Uri(line["reflow serve: listening on ".Length..].Trim());
            playwright = await Playwright.CreateAsync();
            IBrowserContext browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                ],
                ViewportSize = new ViewportSize { Width = 1400, Height = 860 },
                Timeout = (float)Patience.TotalMilliseconds,
            });
            browser.SetDefaultTimeout((float)Patience.TotalMilliseconds);
            Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
            IPage page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            var live = new LivePage(serve, url, playwright, browser, profile, page);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    lock (live.ConsoleErrors)
                    {
                        live.ConsoleErrors.Add(message.Text);
                    }
                }
            };
            page.PageError += (_, error) =>
            {
                lock (live.ConsoleErrors)
                {
                    live.ConsoleErrors.Add(error);
                }
            };
            await page.GotoAsync($"http://127.0.0.1:{url.Port}/");
            return live;
        }
        catch
        {
            playwright?.Dispose();
            serve.Dispose();
            throw;
        }
    }

    /// <summary>Saves a PNG of the page as <paramref name="name"/>.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        string path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public ILocator Node(string id) => Page.Locator($"#graph g.node[data-node=\"{id}\"]");

    public ILocator Edge(string id) => Page.Locator($"#graph g.edge[data-edge=\"{id}\"]:not([data-iip])");

    public ILocator Port(string node, string port) => Page.Locator($"#graph g.port[data-port=\"{node}.{port}\"]");

    /// <summary>An edge's cumulative message count as the page shows it (its data-messages).</summary>
    public async Task<long> MessagesAsync(string edge) =>
        long.Parse(await Edge(edge).GetAttributeAsync("data-messages") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>An edge's rate as the page shows it (its data-rate, messages a second).</summary>
    public async Task<double> RateAsync(string edge) =>
        double.Parse(await Edge(edge).GetAttributeAsync("data-rate") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>The page's log panel (refusals from the runtime show there).</summary>
    public async Task<string> LogAsync() => string.Join(" | ", await Page.Locator("#log li").AllInnerTextsAsync());

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; fails after <see cref="Patience"/> with <paramref name="what"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, Func<Task<string>> what)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{await what()} (waited {Patience.TotalSeconds:0} s; the page's log: {await LogAsync()})");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.CloseAsync();
        }
        finally
        {
            _playwright.Dispose();
            _serve.Dispose(); // kills reflow serve
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // chromium may still hold a file for a moment; the temporary directory goes with the machine.
            }
        }
    }
}
