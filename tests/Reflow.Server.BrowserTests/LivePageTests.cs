using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Reflow.Server.BrowserTests;

/// <summary>
/// The live page of <c>reflow serve examples/live/ticker.json</c> (a tick every 20 ms, forked; fork's OUT2 free) in
/// chromium: drawn whole, rates that move and stop, edits made with the mouse.
/// </summary>
public sealed class LivePageTests
{
    private const string Example = "examples/live/ticker.json";

    // Every node and edge of the example (the IIP to double's OPERAND is an edge too, drawn from its value).
    private static readonly string[] Nodes = ["ticks", "fork", "double", "sink"];
    private static readonly string[] Edges = ["ticks() TICK -> IN fork()", "fork() OUT1 -> IN double()", "double() OUT -> IN sink()"];
    private const string Iip = "DATA -> OPERAND double()";
    private const string Watched = "fork() OUT1 -> IN double()";

    [Fact]
    public async Task The_page_draws_the_example_its_rates_move_while_running_and_stop_stops_them()
    {
        await using LivePage live = await LivePage.OpenAsync(Example);
        IPage page = live.Page;

        // Drawn whole: each node with its ports, each edge, nothing else.
        foreach (string node in Nodes)
        {
            await Expect(live.Node(node)).ToBeVisibleAsync();
        }

        foreach (string edge in Edges)
        {
            await Expect(live.Edge(edge)).ToHaveCountAsync(1);
        }

        await Expect(page.Locator($"#graph g.edge[data-iip][data-edge=\"{Iip}\"]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#graph g.node[data-node]")).ToHaveCountAsync(Nodes.Length);
        await Expect(page.Locator("#graph g.edge[data-edge]:not([data-iip])")).ToHaveCountAsync(Edges.Length);
        await Expect(live.Port("double", "operand")).ToHaveAttributeAsync("data-direction", "in");
        await Expect(live.Port("fork", "out2")).ToHaveAttributeAsync("data-direction", "out");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-running", "false");
        await live.ScreenshotAsync("1-drawn");

        // Started: the counts and rates move (two readings differ), nodes show their states.
        await page.Locator("#start").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-running", "true");
        await live.WaitUntilAsync(async () => await live.MessagesAsync(Watched) > 0, async () => $"no messages counted on {Watched}");
        long first = await live.MessagesAsync(Watched);
        await live.WaitUntilAsync(async () => await live.MessagesAsync(Watched) > first, async () => $"the count of {Watched} stayed {first}");
        await live.WaitUntilAsync(async () => await live.RateAsync(Watched) > 0, async () => $"the rate of {Watched} stayed 0");
        double rate = await live.RateAsync(Watched);
        Assert.InRange(rate, 1, 1000); // a tick every 20 ms: about 50 a second, whatever the machine's load
        await Expect(live.Node("sink")).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("^(running|processing)$"));
        await Expect(live.Node("sink")).ToHaveAttributeAsync("data-errors", "0");

        // An edge clicked: it is selected, and its last messages show in the panel (network:edges, then network:data).
        await live.Edge(Watched).Locator("path.hit").ClickAsync(new LocatorClickOptions { Force = true });
        await Expect(live.Edge(Watched)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bselected\b"));
        await Expect(page.Locator("#messages")).ToHaveAttributeAsync("data-edge", Watched);
        await live.WaitUntilAsync(async () => await page.Locator("#messages li").CountAsync() >= 2, async () => "no messages of the chosen edge in the panel");
        string[] shown = [.. await page.Locator("#messages li").AllInnerTextsAsync()];
        Assert.All(shown, text => Assert.Matches("^[0-9]+$", text)); // ticks: 1, 2, 3, …
        await live.ScreenshotAsync("2-running");

        // Stopped: the status says so, the counts stand still and the rates drop to 0.
        await page.Locator("#stop").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-running", "false");
        await live.WaitUntilAsync(async () => await live.RateAsync(Watched) == 0, async () => $"the rate of {Watched} did not drop to 0 after stop");
        long stoppedAt = await live.MessagesAsync(Watched);
        await Task.Delay(500); // five snapshots later
        Assert.Equal(stoppedAt, await live.MessagesAsync(Watched));
        Assert.Equal(0, await live.RateAsync(Watched));
        await live.ScreenshotAsync("3-stopped");

        Assert.Empty(live.ConsoleErrors);
    }

    [Fact]
    public async Task Nodes_and_edges_added_and_removed_with_the_mouse_change_the_graph()
    {
        await using LivePage live = await LivePage.OpenAsync(Example);
        IPage page = live.Page;
        await Expect(live.Node("sink")).ToBeVisibleAsync();

        // A node from the component picker.
        await page.Locator("#component").SelectOptionAsync("core/Repeat");
        await page.Locator("#node-id").FillAsync("extra");
        await page.Locator("#add-node").ClickAsync();
        await Expect(live.Node("extra")).ToBeVisibleAsync();
        await Expect(live.Node("extra")).ToHaveAttributeAsync("data-component", "core/Repeat");

        // An edge: an out-port, then an in-port.
        await live.Port("fork", "out2").Locator("circle").ClickAsync();
        await live.Port("extra", "in").Locator("circle").ClickAsync();
        await Expect(live.Edge("fork() OUT2 -> IN extra()")).ToHaveCountAsync(1);

        // Run with it: the new edge carries the ticks.
        await page.Locator("#start").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-running", "true");
        await live.WaitUntilAsync(async () => await live.MessagesAsync("fork() OUT2 -> IN extra()") > 0, async () => "no messages on the added edge");
        await live.ScreenshotAsync("4-edited");
        await page.Locator("#stop").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-running", "false");

        // Removed again: the edge (selected by a click), then the node.
        await live.Edge("fork() OUT2 -> IN extra()").Locator("path.hit").ClickAsync(new LocatorClickOptions { Force = true });
        await page.Locator("#remove").ClickAsync();
        await Expect(live.Edge("fork() OUT2 -> IN extra()")).ToHaveCountAsync(0);
        await live.Node("extra").Locator("rect.body").ClickAsync();
        await Expect(live.Node("extra")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bselected\b"));
        await page.Locator("#remove").ClickAsync();
        await Expect(live.Node("extra")).ToHaveCountAsync(0);
        foreach (string node in Nodes)
        {
            await Expect(live.Node(node)).ToBeVisibleAsync();
        }

        Assert.Empty(live.ConsoleErrors);
    }

    /// <summary>An edge added from the page to the running network (issue 21 item 2: live edits) carries the next messages.</summary>
    [Fact]
    public async Task An_edge_added_from_the_page_to_the_running_network_carries_messages()
    {
        const string added = "fork() OUT2 -> IN sink()";
        await using LivePage live = await LivePage.OpenAsync(Example);
        IPage page = live.Page;
        await Expect(live.Node("sink")).ToBeVisibleAsync();
        await page.Locator("#start").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-running", "true");
        await live.WaitUntilAsync(async () => await live.MessagesAsync(Watched) > 0, async () => $"no messages counted on {Watched}");

        await live.Port("fork", "out2").Locator("circle").ClickAsync();
        await live.Port("sink", "in").Locator("circle").ClickAsync();

        // Drawn, or refused (today: "stop the network first"): a refusal fails at once, with the runtime's words.
        await live.WaitUntilAsync(
            async () => await live.Edge(added).CountAsync() == 1 || await page.Locator("#log li.error").CountAsync() > 0,
            async () => $"the edge {added} was not drawn");
        Assert.True(await page.Locator("#log li.error").CountAsync() == 0, $"the runtime refused the edge: {await live.LogAsync()}");
        await live.WaitUntilAsync(async () => await live.MessagesAsync(added) > 0, async () => $"no messages on the edge {added} added to the running network");
        long first = await live.MessagesAsync(added);
        await live.WaitUntilAsync(async () => await live.MessagesAsync(added) > first, async () => $"the count of {added} stayed {first}");
        await live.WaitUntilAsync(async () => await live.RateAsync(added) > 0, async () => $"the rate of {added} stayed 0");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-running", "true"); // not restarted by the edit
        await live.ScreenshotAsync("5-live-edit");
        Assert.Empty(live.ConsoleErrors);
    }

    [Fact]
    public async Task A_recorded_trace_is_replayed_on_the_drawing_with_its_rates_and_messages()
    {
        await using LivePage live = await LivePage.OpenAsync(Example);
        IPage page = live.Page;
        await Expect(live.Node("sink")).ToBeVisibleAsync();

        // A real trace of this graph: recorded by the runtime (trace:start, a run of 1.5 s, trace:dump) over the
        // page's own origin, as any protocol client would.
        string flowtrace = await page.EvaluateAsync<string>("""
            async () => {
              const ws = new WebSocket(`ws://${location.host}/`, 'noflo');
              const send = (protocol, command, payload) => ws.send(JSON.stringify({ protocol, command, payload }));
              const next = (protocol, command) => new Promise((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no ${protocol}:${command} in 15 s`)), 15000);
                const on = (e) => {
                  const m = JSON.parse(e.data);
                  if (m.protocol === protocol && m.command === command) {
                    clearTimeout(timer);
                    ws.removeEventListener('message', on);
                    resolve(m.payload);
                  }
                };
                ws.addEventListener('message', on);
              });
              await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
              send('trace', 'start', { graph: 'ticker' }); await next('trace', 'start');
              send('network', 'start', { graph: 'ticker' }); await next('network', 'started');
              await new Promise((resolve) => setTimeout(resolve, 1500));
              send('network', 'stop', { graph: 'ticker' }); await next('network', 'stopped');
              send('trace', 'dump', { graph: 'ticker' });
              const dump = await next('trace', 'dump');
              ws.close();
              return dump.flowtrace;
            }
            """);
        int traced = System.Text.Json.Nodes.JsonNode.Parse(flowtrace)!["events"]!.AsArray()
            .Count(e => (string?)e!["command"] == "data" && (string?)e["payload"]!["id"] == Watched);
        Assert.True(traced > 0, $"the trace has no data events of {Watched}");

        await page.Locator("#trace-file").SetInputFilesAsync(new FilePayload
        {
            Name = "run.flowtrace.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes(flowtrace),
        });
        await Expect(page.Locator("#graph-name")).ToContainTextAsync("replay of run.flowtrace.json");
        await Expect(page.Locator("#replay-play")).ToBeVisibleAsync();
        foreach (string edge in Edges)
        {
            await Expect(live.Edge(edge)).ToHaveCountAsync(1);
        }

        // Played back: the counts and rates move, the chosen edge's messages show; paused, the counts stand still.
        await live.WaitUntilAsync(async () => await live.RateAsync(Watched) > 0, async () => $"the replayed rate of {Watched} stayed 0");
        await live.Edge(Watched).Locator("path.hit").ClickAsync(new LocatorClickOptions { Force = true });
        await Expect(page.Locator("#messages")).ToHaveAttributeAsync("data-edge", Watched);
        await live.WaitUntilAsync(async () => await page.Locator("#messages li").CountAsync() >= 2, async () => "no replayed messages of the chosen edge in the panel");
        await live.ScreenshotAsync("6-replay");
        if (await page.Locator("#replay-play").InnerTextAsync() == "Pause")
        {
            await page.Locator("#replay-play").ClickAsync();
            long paused = await live.MessagesAsync(Watched);
            await Task.Delay(500);
            Assert.Equal(paused, await live.MessagesAsync(Watched));
        }

        // To the end: every traced message of the edge counted.
        await page.Locator("#replay-play").ClickAsync();
        await live.WaitUntilAsync(async () => await page.Locator("#replay-play").InnerTextAsync() == "Play again", async () => "the replay did not finish");
        Assert.Equal(traced, await live.MessagesAsync(Watched));
        Assert.Empty(live.ConsoleErrors);
    }

    [Fact]
    public async Task A_runtime_with_a_secret_gets_it_from_the_page()
    {
        await using LivePage live = await LivePage.OpenAsync(Example, "--secret", "open sesame");
        IPage page = live.Page;

        await Expect(page.Locator("#secret-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#graph g.node[data-node]")).ToHaveCountAsync(0);
        await page.Locator("#secret").FillAsync("open sesame");
        await page.Locator("#secret-form button").ClickAsync();

        await Expect(page.Locator("#secret-form")).ToBeHiddenAsync();
        foreach (string node in Nodes)
        {
            await Expect(live.Node(node)).ToBeVisibleAsync();
        }
    }
}
