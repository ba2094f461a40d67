using System.Threading.Channels;
using NATS.Client.Core;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// How a node or a coordinator reaches the NATS servers of a cluster: their URLs, the credentials and TLS. Membership,
/// durability, authentication and encryption are NATS's; these are handed to the NATS client as they are.
/// </summary>
public sealed record ClusterConnectionOptions
{
    /// <summary>The servers, comma-separated (<c>nats://10.0.0.5:4222,nats://10.0.0.6:4222</c>); <c>tls://</c> asks for TLS.</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>A NATS credentials file (<c>.creds</c>: a user JWT and its NKey seed), as <c>nsc</c> writes it.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>A file holding an NKey seed (<c>SU…</c>), for servers that list users by NKey.</summary>
    public string? NKeyFile { get; init; }

    /// <summary>A user name (with <see cref="Password"/>), for servers configured with users and passwords.</summary>
    public string? User { get; init; }

    /// <summary>The password of <see cref="User"/>.</summary>
    public string? Password { get; init; }

    /// <summary>The certificate authority (PEM) the servers' certificates are checked against; setting it requires TLS.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>This client's certificate (PEM), for servers that verify clients.</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>The private key (PEM) of <see cref="TlsCertificateFile"/>.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>Require TLS even when no certificate file is given (the system's trusted authorities are used).</summary>
    public bool RequireTls { get; init; }

    /// <summary>How long to wait for the first connection before failing. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether TLS is asked for, by a URL or an option.</summary>
    public bool UsesTls => RequireTls || TlsCaFile is not null || TlsCertificateFile is not null
        || Url.Contains("tls://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ClusterException">The NKey file cannot be read or holds no valid seed.</exception>
    internal NatsOpts ToNatsOpts(string clientName)
    {
        (string? nkey, string? seed) = NKeyFile is null ? (null, null) : NKeySeedFile.Read(NKeyFile);
        return ToNatsOpts(clientName, nkey, seed);
    }

    private NatsOpts ToNatsOpts(string clientName, string? nkey, string? seed) => new()
    {
        Url = Url,
        Name = clientName,
        ConnectTimeout = ConnectTimeout,
        // The client's default drops messages silently when a subscription's channel is full; a remote edge's credits
        // bound what can be pending, and waiting there is backpressure, never loss.
        SubPendingChannelFullMode = BoundedChannelFullMode.Wait,
        AuthOpts = new NatsAuthOpts
        {
            Username = User,
            Password = Password,
            CredsFile = CredentialsFile,

            // The seed itself (signing the server's nonce) and its public key (naming the user), read here: the client's
            // NKeyFile reader refuses a file that holds only the seed.
            NKey = nkey,
            Seed = seed,
        },
        TlsOpts = new NatsTlsOpts
        {
            CaFile = TlsCaFile,
            CertFile = TlsCertificateFile,
            KeyFile = TlsKeyFile,
            Mode = UsesTls ? TlsMode.Require : TlsMode.Auto,
        },
    };
}
