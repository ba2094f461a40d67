namespace Reflow.Distributed.Partitioning;

/// <summary>
/// How one graph runs across a cluster: which cluster node runs which graph node, what each remote edge promises,
/// and how remote edges batch. Read from a TOML file (<see cref="Load"/>, <see cref="Parse"/>) or made in code.
/// </summary>
/// <example>
/// <code>
/// # deploy.toml
/// [placement]                 # graph node id (or a glob with *) = cluster node name (reflow node --name)
/// source = "a"
/// "work*" = "b"
/// [delivery]
/// default = "at-most-once"    # or "at-least-once"
/// "merge.OUT -> sink.IN" = "at-least-once"   # one edge, written as the graph writes it
/// [edges]
/// max_batch = 1024            # messages per frame (1..65536)
/// compression_threshold = 4096 # bytes; a frame's payload above it is LZ4-compressed
/// [scripts]                   # script files shipped to the nodes whose parts use them, with their SHA-256
/// "scripts/tax.js" = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
/// </code>
/// </example>
/// <remarks>
/// <para><b>Placement.</b> A graph node named exactly by a <c>[placement]</c> key goes where it says; otherwise the
/// globs that match its id decide, and two globs that send one node to different cluster nodes are an error naming
/// both (the file says nothing clear, so nothing is guessed). A node no key matches takes the string in its metadata
/// key <c>placement</c>; a node with neither goes with its neighbours. A key that matches no graph node is an error
/// (a misspelt id would otherwise be silently ignored).</para>
/// <para><b>Delivery.</b> An edge key that names no connection of the graph is an error; one that names an edge
/// whose ends are on the same cluster node has no effect (a local edge loses nothing).</para>
/// <para><b>Scripts.</b> Without <c>[scripts]</c> only data crosses the wire: each node resolves a script component
/// against its own files. A listed file (a path relative to the graph file's folder, inside it) is read by the
/// coordinator, checked against its hash before anything runs, and sent with the parts that use it; a node takes it
/// only when started with <c>--accept-scripts</c>, checks the hash again, and runs it under its own grants. A script the
/// file does not list is never sent.</para>
/// </remarks>
public sealed record DeploymentFile
{
    /// <summary>The largest <see cref="MaxBatch"/>.</summary>
    public const int MaxBatchLimit = 65536;

    /// <summary>The default <see cref="MaxBatch"/>.</summary>
    public const int DefaultMaxBatch = 1024;

    /// <summary>The default <see cref="CompressionThreshold"/>, in bytes.</summary>
    public const int DefaultCompressionThreshold = 4096;

    private readonly int _maxBatch = DefaultMaxBatch;
    private readonly int _compressionThreshold = DefaultCompressionThreshold;

    /// <summary>A deployment that places nothing: every graph node by its metadata or its neighbours, every edge at most once.</summary>
    public static DeploymentFile Default { get; } = new();

    /// <summary>The file it was read from (in problems), or null.</summary>
    public string? FileName { get; init; }

    /// <summary>
    /// <c>[placement]</c>: graph node id, or a glob in which <c>*</c> stands for any run of characters, to cluster
    /// node name; in file order.
    /// </summary>
    public IReadOnlyDictionary<string, string> Placement { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>[delivery] default</c>: the delivery mode of every remote edge the file does not name.</summary>
    public DeliveryMode DefaultDelivery { get; init; } = DeliveryMode.AtMostOnce;

    /// <summary><c>[delivery]</c> per edge: <c>"node.PORT -&gt; node.PORT"</c> (an index as <c>PORT[1]</c>) to its mode; in file order.</summary>
    public IReadOnlyDictionary<string, DeliveryMode> EdgeDelivery { get; init; } = new Dictionary<string, DeliveryMode>(StringComparer.Ordinal);

    /// <summary><c>[edges] max_batch</c>: at most this many messages travel in one frame (1 to <see cref="MaxBatchLimit"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 1 to <see cref="MaxBatchLimit"/>.</exception>
    public int MaxBatch
    {
        get => _maxBatch;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxBatchLimit);
            _maxBatch = value;
        }
    }

    /// <summary><c>[edges] compression_threshold</c>: a frame whose payload has more bytes than this is LZ4-compressed (when that makes it smaller).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int CompressionThreshold
    {
        get => _compressionThreshold;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _compressionThreshold = value;
        }
    }

    /// <summary>
    /// <c>[scripts]</c>: a script file, relative to the graph file's folder (<c>/</c>-separated, no <c>..</c>), to its
    /// SHA-256 as <c>sha256:</c> and 64 lowercase hex digits; in file order.
    /// </summary>
    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The line each key was read from, by <c>section.key</c>; empty for a deployment made in code.</summary>
    internal IReadOnlyDictionary<string, int> Lines { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Reads a deployment file.</summary>
    /// <exception cref="DeploymentException">The file is not a valid deployment; every problem as <c>file:line: …</c>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DeploymentFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a deployment from TOML text.</summary>
    /// <param name="text">The TOML.</param>
    /// <param name="fileName">The name problems give as the place (<c>deploy.toml:3: …</c>); <c>deploy.toml</c> when null.</param>
    /// <exception cref="DeploymentException">The text is not a valid deployment; every problem as <c>file:line: …</c>.</exception>
    public static DeploymentFile Parse(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DeploymentFileReader.Read(text, fileName);
    }

    /// <summary>
    /// Whether <paramref name="other"/> says the same: the same file name, placement and per-edge delivery in the
    /// same order, default delivery, batch size and threshold (the lines keys were read from are not compared).
    /// </summary>
    public bool Equals(DeploymentFile? other) =>
        other is not null
        && string.Equals(FileName, other.FileName, StringComparison.Ordinal)
        && Placement.SequenceEqual(other.Placement)
        && DefaultDelivery == other.DefaultDelivery
        && EdgeDelivery.SequenceEqual(other.EdgeDelivery)
        && MaxBatch == other.MaxBatch
        && CompressionThreshold == other.CompressionThreshold;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FileName, Placement.Count, DefaultDelivery, EdgeDelivery.Count, MaxBatch, CompressionThreshold);

    /// <summary>Where a key was set, for a problem: <c>deploy.toml:3 ([placement] "work*")</c>, or without the line for one made in code.</summary>
    internal string Where(string section, string key)
    {
        string what = $"[{section}] \"{key}\"";
        return Lines.TryGetValue(section + "." + key, out int line) ? $"{FileName ?? DeploymentFileReader.DefaultFileName}:{line} ({what})" : what;
    }
}
