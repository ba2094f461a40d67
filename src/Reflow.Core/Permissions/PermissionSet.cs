using System.Collections.Immutable;

namespace Reflow.Permissions;

/// <summary>
/// What a graph's nodes (and, later, scripts) may reach outside the process, named like Deno's permissions:
/// <c>read</c> and <c>write</c> (path prefixes), <c>net</c> (hosts, each on every port or on one), <c>env</c>
/// (environment variable names) and <c>run</c> (programs). Immutable: the <c>With…</c> methods return a new set.
/// Nothing is granted unless granted: start from <see cref="None"/>; <see cref="All"/> is for hosts that explicitly
/// want Deno's <c>--allow-all</c>.
/// </summary>
/// <remarks>
/// <para><b>Paths</b> (<c>read</c>, <c>write</c>, and <c>run</c> entries that contain a directory separator) are made
/// absolute (a relative one against the current directory, or the base directory given), <c>.</c> and <c>..</c>
/// removed as .NET's file APIs remove them, and every symbolic link of the part that exists replaced by its target,
/// both when granted and when checked. A grant covers the path itself and everything below it, by whole components:
/// <c>/data</c> grants <c>/data/x</c> but not <c>/database</c>; <c>/data/../etc/passwd</c> is <c>/etc/passwd</c>, and a
/// link under <c>/data</c> that points to <c>/etc</c> leads to <c>/etc</c>. Case is ignored on Windows and macOS.
/// Open the path the check returns (<see cref="CheckRead"/>), so what is opened is what was checked.</para>
/// <para><b>Hosts</b> (<c>net</c>): <c>example.com</c> grants every port of that host, <c>example.com:443</c> that port
/// only; names are compared without case, IP addresses in their canonical form (<c>127.0.0.1:8080</c>,
/// <c>[::1]:8080</c>). A name is not its addresses: granting <c>localhost</c> does not grant <c>127.0.0.1</c>.</para>
/// <para><b>Environment variables</b> (<c>env</c>): exact names (without case on Windows), or a prefix ending in
/// <c>*</c> (<c>AWS_*</c>). <b>Programs</b> (<c>run</c>): a bare name (<c>curl</c>) grants running that name as given
/// (found on the PATH); a path grants that program file.</para>
/// </remarks>
/// <example>
/// <code>
/// PermissionSet permissions = PermissionSet.None
///     .WithRead("/srv/data")
///     .WithNet("api.example.com:443", "127.0.0.1");
/// string path = permissions.CheckRead("/srv/data/orders.jsonl");   // PermissionDeniedException if not granted
/// bool ok = permissions.AllowsNet(new Uri("https://api.example.com/v1"));
/// var fromFlags = PermissionSet.FromFlags("--allow-read=/srv/data", "--allow-env=HOME");
/// </code>
/// </example>
public sealed partial class PermissionSet
{
    private const int KindCount = 5;

    private readonly int _unrestricted; // a bit per PermissionKind granted without limits
    private readonly ImmutableArray<string> _read;
    private readonly ImmutableArray<string> _write;
    private readonly ImmutableArray<NetTarget> _net;
    private readonly ImmutableArray<string> _env;
    private readonly ImmutableArray<string> _run;

    private PermissionSet(int unrestricted, ImmutableArray<string> read, ImmutableArray<string> write, ImmutableArray<NetTarget> net,
        ImmutableArray<string> env, ImmutableArray<string> run)
    {
        _unrestricted = unrestricted;
        _read = read;
        _write = write;
        _net = net;
        _env = env;
        _run = run;
    }

    /// <summary>Nothing granted: every check fails. The default of <c>NetworkOptions.Permissions</c>.</summary>
    public static PermissionSet None { get; } = new(0, [], [], [], [], []);

    /// <summary>Everything granted, without limits (Deno's <c>--allow-all</c>): for hosts that trust every graph they run.</summary>
    public static PermissionSet All { get; } = new((1 << KindCount) - 1, [], [], [], [], []);

    /// <summary>Whether nothing at all is granted.</summary>
    public bool IsNone => _unrestricted == 0 && _read.IsEmpty && _write.IsEmpty && _net.IsEmpty && _env.IsEmpty && _run.IsEmpty;

    /// <summary>Whether <paramref name="kind"/> is granted without limits (<c>--allow-read</c> with no list).</summary>
    public bool IsUnrestricted(PermissionKind kind) => (_unrestricted & Bit(kind)) != 0;

    /// <summary>
    /// What is granted for <paramref name="kind"/>, as flags write it: canonical paths, <c>host</c> or <c>host:port</c>,
    /// names. Empty when nothing is, or when the kind is unrestricted (see <see cref="IsUnrestricted"/>).
    /// </summary>
    public IReadOnlyList<string> Granted(PermissionKind kind) => kind switch
    {
        PermissionKind.Read => _read,
        PermissionKind.Write => _write,
        PermissionKind.Net => [.. _net.Select(n => n.ToString())],
        PermissionKind.Env => _env,
        PermissionKind.Run => _run,
        _ => throw UnknownKind(kind),
    };

    /// <summary>Also grants reading under each of <paramref name="paths"/> (relative ones from the current directory).</summary>
    /// <exception cref="ArgumentException">A path is empty or not a path.</exception>
    public PermissionSet WithRead(params IEnumerable<string> paths) => With(PermissionKind.Read, paths);

    /// <summary>Also grants writing under each of <paramref name="paths"/> (relative ones from the current directory).</summary>
    /// <exception cref="ArgumentException">A path is empty or not a path.</exception>
    public PermissionSet WithWrite(params IEnumerable<string> paths) => With(PermissionKind.Write, paths);

    /// <summary>Also grants connections to each of <paramref name="hosts"/>: <c>host</c> (every port) or <c>host:port</c>.</summary>
    /// <exception cref="ArgumentException">An entry is not a host with an optional port.</exception>
    public PermissionSet WithNet(params IEnumerable<string> hosts) => With(PermissionKind.Net, hosts);

    /// <summary>Also grants reading each of the environment variables <paramref name="names"/> (<c>PREFIX_*</c> for a prefix).</summary>
    /// <exception cref="ArgumentException">A name is empty or holds <c>=</c>.</exception>
    public PermissionSet WithEnv(params IEnumerable<string> names) => With(PermissionKind.Env, names);

    /// <summary>Also grants running each of <paramref name="programs"/>: a name found on the PATH, or a program's path.</summary>
    /// <exception cref="ArgumentException">An entry is empty or not a path.</exception>
    public PermissionSet WithRun(params IEnumerable<string> programs) => With(PermissionKind.Run, programs);

    /// <summary>Also grants <paramref name="kind"/> for each of <paramref name="values"/> (see the <c>With…</c> methods).</summary>
    /// <param name="kind">The permission.</param>
    /// <param name="values">Paths, hosts, names or programs.</param>
    /// <param name="baseDirectory">Where relative paths start; the current directory when null.</param>
    /// <exception cref="ArgumentException">A value does not fit the kind; the message says what was expected.</exception>
    public PermissionSet With(PermissionKind kind, IEnumerable<string> values, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        _ = Bit(kind); // an unknown kind is an error
        if (IsUnrestricted(kind))
        {
            return this;
        }

        var added = new PermissionSet(
            _unrestricted,
            kind == PermissionKind.Read ? Add(_read, values.Select(p => CanonicalPath.Resolve(p, baseDirectory))) : _read,
            kind == PermissionKind.Write ? Add(_write, values.Select(p => CanonicalPath.Resolve(p, baseDirectory))) : _write,
            kind == PermissionKind.Net ? Add(_net, values.Select(NetTarget.Parse)) : _net,
            kind == PermissionKind.Env ? Add(_env, values.Select(CheckedName)) : _env,
            kind == PermissionKind.Run ? Add(_run, values.Select(p => Program(p, baseDirectory))) : _run);
        return added.Count == Count ? this : added; // nothing new: the same set
    }

    /// <summary>How many grants the lists hold (they only grow).</summary>
    private int Count => _read.Length + _write.Length + _net.Length + _env.Length + _run.Length;

    /// <summary>Grants <paramref name="kind"/> without limits (<c>--allow-read</c> with no list).</summary>
    public PermissionSet WithAll(PermissionKind kind)
    {
        int bit = Bit(kind);
        return (_unrestricted & bit) != 0 ? this : new PermissionSet(
            _unrestricted | bit,
            kind == PermissionKind.Read ? [] : _read,
            kind == PermissionKind.Write ? [] : _write,
            kind == PermissionKind.Net ? [] : _net,
            kind == PermissionKind.Env ? [] : _env,
            kind == PermissionKind.Run ? [] : _run);
    }

    /// <summary>Everything this set or <paramref name="other"/> grants.</summary>
    public PermissionSet Union(PermissionSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        PermissionSet union = this;
        for (int i = 0; i < KindCount; i++)
        {
            var kind = (PermissionKind)i;
            union = other.IsUnrestricted(kind) ? union.WithAll(kind) : union;
        }

        return new PermissionSet(
            union._unrestricted,
            union.IsUnrestricted(PermissionKind.Read) ? [] : Add(union._read, other._read),
            union.IsUnrestricted(PermissionKind.Write) ? [] : Add(union._write, other._write),
            union.IsUnrestricted(PermissionKind.Net) ? [] : Add(union._net, other._net),
            union.IsUnrestricted(PermissionKind.Env) ? [] : Add(union._env, other._env),
            union.IsUnrestricted(PermissionKind.Run) ? [] : Add(union._run, other._run));
    }

    /// <summary>The lower-case name of a kind, as keys and messages write it: <c>read</c>, <c>net</c>.</summary>
    public static string KindName(PermissionKind kind) => kind switch
    {
        PermissionKind.Read => "read",
        PermissionKind.Write => "write",
        PermissionKind.Net => "net",
        PermissionKind.Env => "env",
        PermissionKind.Run => "run",
        _ => throw UnknownKind(kind),
    };

    /// <summary>The flag that grants a kind: <c>--allow-read</c>.</summary>
    public static string FlagName(PermissionKind kind) => "--allow-" + KindName(kind);

    private static int Bit(PermissionKind kind) => (uint)kind < KindCount ? 1 << (int)kind : throw UnknownKind(kind);

    private static ImmutableArray<T> Add<T>(ImmutableArray<T> existing, IEnumerable<T> added)
    {
        ImmutableArray<T>.Builder builder = existing.ToBuilder();
        foreach (T item in added)
        {
            if (!builder.Contains(item))
            {
                builder.Add(item);
            }
        }

        return builder.Count == existing.Length ? existing : builder.ToImmutable();
    }

    private static string CheckedName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string trimmed = name.Trim();
        return trimmed.Length == 0 || trimmed.Contains('=', StringComparison.Ordinal) || trimmed.Contains('\0', StringComparison.Ordinal)
            || trimmed.IndexOf('*', StringComparison.Ordinal) is int star && star >= 0 && star != trimmed.Length - 1
            ? throw new ArgumentException($"'{name}' is not an env permission: expected a variable name such as HOME, or a prefix ending in * such as AWS_*.", nameof(name))
            : trimmed;
    }

    /// <summary>A program: a path (it holds a separator) in canonical form, or a bare name as it is.</summary>
    private static string Program(string program, string? baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(program);
        return IsPath(program) ? CanonicalPath.Resolve(program, baseDirectory) : program.Trim();
    }

    private static bool IsPath(string program) =>
        program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || program.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal);

    private static ArgumentOutOfRangeException UnknownKind(PermissionKind kind) => new(nameof(kind), kind, "Unknown permission kind.");
}
