using System.CommandLine;
using Reflow.Distributed.Cluster;

namespace Reflow.Cli.Commands;

/// <summary>How <c>reflow node</c> and <c>reflow run --cluster</c> reach NATS: the URL, credentials and TLS options they share.</summary>
internal sealed class ClusterConnectionFlags
{
    private readonly Option<string?> _creds = new("--creds") { Description = "A NATS credentials file (.creds: user JWT and NKey seed)." };
    private readonly Option<string?> _nkey = new("--nkey") { Description = "A file holding an NKey seed, for servers that list users by NKey." };
    private readonly Option<string?> _user = new("--user") { Description = "A NATS user name (with --password, or the REFLOW_NATS_PASSWORD variable)." };
    private readonly Option<string?> _password = new("--password") { Description = "The password of --user (prefer REFLOW_NATS_PASSWORD: a command line is visible to other users)." };
    private readonly Option<string?> _tlsCa = new("--tls-ca") { Description = "The certificate authority (PEM) the servers' certificates are checked against; implies TLS." };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "This client's certificate (PEM), for servers that verify clients." };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "The private key (PEM) of --tls-cert." };
    private readonly Option<bool> _tls = new("--tls") { Description = "Require TLS (also asked by a tls:// URL or --tls-ca)." };

    public IEnumerable<Option> Options => [_creds, _nkey, _user, _password, _tlsCa, _tlsCert, _tlsKey, _tls];

    /// <summary>The connection options for <paramref name="url"/>; every named file must exist.</summary>
    public ClusterConnectionOptions Build(ParseResult parse, string url, CliHost host)
    {
        string? password = parse.GetValue(_password);
        if (password is null && parse.GetValue(_user) is not null)
        {
            password = host.Environment is { } environment
                ? environment.GetValueOrDefault("REFLOW_NATS_PASSWORD")
                : Environment.GetEnvironmentVariable("REFLOW_NATS_PASSWORD");
        }

        return new ClusterConnectionOptions
        {
            Url = url,
            CredentialsFile = ExistingFile(parse, _creds),
            NKeyFile = ExistingFile(parse, _nkey),
            User = parse.GetValue(_user),
            Password = password,
            TlsCaFile = ExistingFile(parse, _tlsCa),
            TlsCertificateFile = ExistingFile(parse, _tlsCert),
            TlsKeyFile = ExistingFile(parse, _tlsKey),
            RequireTls = parse.GetValue(_tls),
        };
    }

    private static string? ExistingFile(ParseResult parse, Option<string?> option)
    {
        string? path = parse.GetValue(option);
        return path is null || File.Exists(path)
            ? path is null ? null : Path.GetFullPath(path)
            : throw new CliUsageException($"{option.Name} {path}: the file does not exist.");
    }
}
