using NATS.NKeys;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// Reads an NKey file for the NATS client. The client's own reader (<c>NatsAuthOpts.NKeyFile</c>) wants the public key
/// on a line of its own beside the seed and refuses a file that holds only the seed — the file <c>nk -gen user</c>
/// writes and the one <see cref="ClusterConnectionOptions.NKeyFile"/> documents. The public key follows from the seed,
/// so the seed is all this needs; a public key line, when present, must be the seed's.
/// </summary>
internal static class NKeySeedFile
{
    /// <exception cref="ClusterException">The file cannot be read, holds no user seed, or its public key is not the seed's.</exception>
    public static (string PublicKey, string Seed) Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClusterException($"The NKey file {path} cannot be read: {ex.Message}", ex);
        }

        string? seed = null;
        string? publicKey = null;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.StartsWith("SU", StringComparison.Ordinal))
            {
                seed ??= line;
            }
            else if (line.StartsWith('U') && line.Length == 56)
            {
                publicKey ??= line;
            }
        }

        if (seed is null)
        {
            throw new ClusterException($"The NKey file {path} holds no user seed (a line starting with SU, as 'nk -gen user' writes it).");
        }

        string derived;
        try
        {
            using KeyPair pair = KeyPair.FromSeed(seed);
            derived = pair.GetPublicKey();
        }
        catch (Exception ex) when (ex is NKeysException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            throw new ClusterException($"The NKey file {path} does not hold a valid user seed ({ex.Message}).", ex);
        }

        return publicKey is null || publicKey == derived
            ? (derived, seed)
            : throw new ClusterException($"The NKey file {path} names the public key {publicKey}, which is not the key of its seed ({derived}).");
    }
}
