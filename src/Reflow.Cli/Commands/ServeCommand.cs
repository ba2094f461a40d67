using System.CommandLine;
using Reflow.Configuration;
using Reflow.Graphs;
using Reflow.Networks;
using Reflow.Server.Hosting;

namespace Reflow.Cli.Commands;

/// <summary>
/// <c>reflow serve [graph]</c>: the FBP network protocol runtime (Flowhub, noflo-ui, fbp-protocol clients) over
/// WebSocket, until Ctrl-C or SIGTERM. Loopback by default; another address needs <c>--secret</c>. Its components are
/// those of <c>reflow run</c>: the standard library and the script runtimes the configuration enables.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Where the secret may come from instead of <c>--secret</c> (no <c>__</c>: not a configuration key).</summary>
    public const string SecretVariable = "REFLOW_SERVE_SECRET";

    public static Command Create(CliHost host)
    {
        var graph = new Argument<string?>("graph")
        {
            Description = "A graph file (.fbp or JSON) the runtime starts with, as its main graph; without one, clients make graphs (graph:clear).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var port = new Option<int>("--port", "-p") { Description = "The TCP port (0: a free one, printed at start).", DefaultValueFactory = _ => 3569 };
        var address = new Option<string>("--address")
        {
            Description = "The address to listen on. Default 127.0.0.1 (this machine only); any other (0.0.0.0: every interface) needs --secret.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var secret = new Option<string?>("--secret")
        {
            Description = $"The protocol's secret: every message must carry it. Required on any address but loopback. Default: the {SecretVariable} environment variable (which, unlike an argument, other users cannot see in the process list).",
        };
        var certificate = new Option<string?>("--certificate") { Description = "Serve TLS (wss://) with this certificate: a PFX file, or a PEM certificate (its key in the same file or --certificate-key)." };
        var certificateKey = new Option<string?>("--certificate-key") { Description = "The PEM private key of a PEM --certificate." };
        var certificatePassword = new Option<string?>("--certificate-password") { Description = "The password of a PFX --certificate." };
        var allowOrigin = new Option<string[]>("--allow-origin")
        {
            Description = "A browser origin (https://app.flowhub.io) whose pages may connect, besides this server's own (repeatable). Pages from other origins are refused; programs send none.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var allowSource = new Option<bool>("--allow-component-source")
        {
            Description = "Let clients add JavaScript, TypeScript or Python components from source (component:source); they run under the scripting permission model with no grants. Off by default.",
        };
        var maxMessage = new Option<int>("--max-message-bytes")
        {
            Description = "The largest protocol message taken (default 1 MiB); a larger one is refused and closes its connection.",
            DefaultValueFactory = _ => 1024 * 1024,
        };
        var caseSensitive = GraphCommandOptions.CaseSensitiveOption();
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var permissions = new PermissionFlags();
        var command = new Command("serve", "Serve the FBP network protocol over WebSocket (ws://127.0.0.1:3569/, sub-protocol noflo) for Flowhub, noflo-ui and fbp-protocol clients, until Ctrl-C. Exit 0 after stopping, 2 on bad usage or when it cannot listen.")
        {
            graph, port, address, secret, certificate, certificateKey, certificatePassword, allowOrigin, allowSource, maxMessage, caseSensitive, config, set,
        };
        foreach (Option option in permissions.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async parse =>
        {
            string? graphPath = parse.GetValue(graph);
            // No default grant of the graph's directory: the graphs a runtime runs are its clients', and the protocol
            // server grants nothing but what its operator gives ([permissions], --allow-*) (DESIGN, permissions).
            ReflowOptions options = permissions.Apply(
                parse, CommonOptions.LoadConfiguration(parse, config, set, host), graphPath ?? Path.Combine(Directory.GetCurrentDirectory(), "serve"), defaultGrant: false);
            TextWriter output = TextWriter.Synchronized(host.Out);
            TextWriter error = TextWriter.Synchronized(host.Error);
            ComponentRegistry registry = CliComponents.AddScripting(host.CreateRegistry(output), options);
            Graph? initial = graphPath is null ? null : GraphFiles.Read(graphPath, parse.GetValue(caseSensitive));

            using IDisposable? signals = host.ListenToSignals ? host.Interrupts.ListenToProcessSignals() : null;
            await using ReflowServer server = await ReflowServer.StartAsync(new ReflowServerOptions
            {
                Address = parse.GetRequiredValue(address),
                Port = parse.GetValue(port),
                Secret = parse.GetValue(secret) ?? SecretFromEnvironment(host),
                CertificatePath = parse.GetValue(certificate),
                CertificateKeyPath = parse.GetValue(certificateKey),
                CertificatePassword = parse.GetValue(certificatePassword),
                AllowedOrigins = parse.GetValue(allowOrigin) ?? [],
                AllowComponentSource = parse.GetValue(allowSource),
                MaxMessageBytes = parse.GetValue(maxMessage),
                Components = registry,
                Graph = initial,
                GraphFile = graphPath,
                NetworkOptions = options.ToNetworkOptions("serve"),
                Log = line =>
                {
                    if (!line.StartsWith("listening on ", StringComparison.Ordinal)) // printed on stdout below
                    {
                        error.WriteLine("reflow serve: " + line);
                    }
                },
            }).ConfigureAwait(false);

            // One line on stdout once clients can connect: scripts (and fbp-test's --command) wait for it.
            await output.WriteLineAsync($"reflow serve: listening on {server.Url}").ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, host.Interrupts.Drain).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("reflow serve: stopping").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? SecretFromEnvironment(CliHost host)
    {
        string? value = host.Environment is { } environment
            ? environment.GetValueOrDefault(SecretVariable)
            : Environment.GetEnvironmentVariable(SecretVariable);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
