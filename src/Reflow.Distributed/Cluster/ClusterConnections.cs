using NATS.Client.Core;

namespace Reflow.Distributed.Cluster;

/// <summary>Opening a NATS connection for a node or a coordinator, with the errors a user can act on.</summary>
internal static class ClusterConnections
{
    public static async Task<NatsConnection> ConnectAsync(ClusterConnectionOptions options, string clientName, string who)
    {
        var connection = new NatsConnection(options.ToNatsOpts(clientName));
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or System.Security.Authentication.AuthenticationException or IOException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ClusterException($"{who} could not connect to NATS at {options.Url}: {Describe(ex)}", ex);
        }
    }

    private static bool HasTlsFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception ex)
    {
        string text = ex.Message;
        for (Exception? inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.Contains(inner.Message, StringComparison.Ordinal))
            {
                text += " — " + inner.Message;
            }
        }

        if (text.Contains("alert bad certificate", StringComparison.OrdinalIgnoreCase) || text.Contains("certificate required", StringComparison.OrdinalIgnoreCase))
        {
            // OpenSSL's words for a server that verifies clients and did not take this one's certificate (or its absence).
            text += " (the server refused this client's TLS certificate: it verifies clients; give --tls-cert and --tls-key signed by an authority it trusts)";
        }
        else if (HasTlsFailure(ex))
        {
            text += " (the TLS handshake failed: check --tls-ca names the authority that signed the server's certificate, that the certificate names the host of the URL, and --tls-cert/--tls-key when the server verifies clients)";
        }
        else if (text.Contains("authorization", StringComparison.OrdinalIgnoreCase) || text.Contains("authentication", StringComparison.OrdinalIgnoreCase))
        {
            text += " (the server refused the credentials: check --creds, --user/--password or --nkey)";
        }

        return text;
    }
}
