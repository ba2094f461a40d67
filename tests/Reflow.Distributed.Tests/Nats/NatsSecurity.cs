using System.Text;
using NATS.NKeys;

namespace Reflow.Distributed.Tests.Nats;

/// <summary>
/// The <c>authorization</c> blocks of a nats-server configuration (for <see cref="NatsServer.StartAsync"/>'s extra
/// configuration): users with passwords, users known by their NKey, and NKey pairs made in the test.
/// </summary>
internal static class NatsSecurity
{
    /// <summary><c>authorization { users = [ {user: "u", password: "p"} … ] }</c>.</summary>
    public static string Users(params (string User, string Password)[] users)
    {
        var text = new StringBuilder("authorization {\n  users = [\n");
        foreach ((string user, string password) in users)
        {
            text.Append("    { user: ").Append(Quote(user)).Append(", password: ").Append(Quote(password)).Append(" }\n");
        }

        return text.Append("  ]\n}\n").ToString();
    }

    /// <summary><c>authorization { users = [ {nkey: "U…"} … ] }</c>: each client proves it holds the seed of one of these public keys.</summary>
    public static string NKeyUsers(params string[] publicKeys)
    {
        var text = new StringBuilder("authorization {\n  users = [\n");
        foreach (string key in publicKeys)
        {
            text.Append("    { nkey: ").Append(Quote(key)).Append(" }\n");
        }

        return text.Append("  ]\n}\n").ToString();
    }

    /// <summary>A new user key pair: its seed (<c>SU…</c>, what <c>--nkey</c> files hold) and its public key (<c>U…</c>, what the server lists).</summary>
    public static (string Seed, string PublicKey) NewUserKey()
    {
        KeyPair pair = KeyPair.CreatePair(PrefixByte.User);
        return (pair.GetSeed(), pair.GetPublicKey());
    }

    /// <summary>Writes a seed into a file of <paramref name="directory"/> (readable by its owner only) and returns the path.</summary>
    public static string WriteSeed(string directory, string name, string seed)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".nk");
        File.WriteAllText(path, seed + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
