using System.Diagnostics;

namespace Reflow.Graphs;

/// <summary>
/// A flow-based-programming graph: nodes (component instances), connections between their ports, initial
/// packets (IIPs), exported ports, groups and properties. Every edit goes through a method that checks it,
/// applies it and raises <see cref="Changed"/>; an invalid edit throws and changes nothing.
/// </summary>
/// <remarks>
/// <para>
/// The graph is a plain object model for one thread at a time: it takes no locks. It depends on nothing of the
/// runtime; a network loader resolves component names with a registry when a network is built.
/// </para>
/// <para>
/// <b>Case.</b> Node ids are always case-sensitive. When <see cref="CaseSensitive"/> is false, port names
/// and exported port names are <i>matched</i> ignoring case (finding, removing and de-duplicating
/// connections, IIPs and exports, and checking against component ports) but are <i>stored as written</i>.
/// The original system lowercased every port name in this mode, so actors received lowercased port names;
/// here a network loader maps each graph port name to the name the component declares, so actors always see
/// their own port names.
/// </para>
/// </remarks>
public sealed partial class Graph
{
    private readonly OrderedDictionary<string, GraphNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<GraphConnection> _connections = [];
    private readonly Dictionary<GraphConnection, int> _connectionCounts; // how many times each (From, To) pair is connected
    private readonly List<GraphInitial> _initials = [];
    private readonly List<ExportedPortInitial> _portInitials = [];
    private readonly OrderedDictionary<string, ExportedPort> _inPorts;
    private readonly OrderedDictionary<string, ExportedPort> _outPorts;
    private readonly OrderedDictionary<string, GraphGroup> _groups = new(StringComparer.Ordinal);
    private readonly List<GraphProblem> _loadProblems = [];
    private GraphMetadata _properties;
    private int _transactionDepth;
    private string _transactionName = "";

    /// <summary>Creates an empty graph.</summary>
    /// <param name="name">The graph's name (stored as the property <c>name</c>), or null for none.</param>
    /// <param name="caseSensitive">Whether port names are matched case-sensitively (see the remarks on <see cref="Graph"/>).</param>
    /// <param name="properties">Further properties (description, icon, environment, …).</param>
    public Graph(string? name = null, bool caseSensitive = true, GraphMetadata? properties = null)
    {
        CaseSensitive = caseSensitive;
        PortComparer = caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        PortComparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        _connectionCounts = new Dictionary<GraphConnection, int>(new ConnectionKeyComparer(PortComparer, PortComparison));
        _inPorts = new OrderedDictionary<string, ExportedPort>(PortComparer);
        _outPorts = new OrderedDictionary<string, ExportedPort>(PortComparer);
        _properties = properties ?? GraphMetadata.Empty;
        if (name is not null)
        {
            _properties = _properties.With(NamePropertyKey, name);
        }
    }

    /// <summary>Raised after every change, in order, with the value before and after it.</summary>
    /// <remarks>Handlers run synchronously on the editing thread; a handler that edits the graph sees its change raised next.</remarks>
    public event Action<GraphChange>? Changed;

    /// <summary>The property that holds the graph's name.</summary>
    public const string NamePropertyKey = "name";

    /// <summary>Whether port names are matched case-sensitively (node ids always are).</summary>
    public bool CaseSensitive { get; }

    /// <summary>Compares port names and exported port names as <see cref="CaseSensitive"/> says.</summary>
    public StringComparer PortComparer { get; }

    /// <summary>The <see cref="StringComparison"/> equivalent of <see cref="PortComparer"/>.</summary>
    public StringComparison PortComparison { get; }

    /// <summary>The graph's name: the property <c>name</c> when it is a string.</summary>
    public string? Name => _properties.GetString(NamePropertyKey);

    /// <summary>The graph's properties (name, description, icon, environment, version, …).</summary>
    public GraphMetadata Properties => _properties;

    /// <summary>The nodes, in the order they were added.</summary>
    public IReadOnlyList<GraphNode> Nodes => _nodes.Values;

    /// <summary>The connections, in the order they were added.</summary>
    public IReadOnlyList<GraphConnection> Connections => _connections;

    /// <summary>The IIPs sent to node ports, in delivery order.</summary>
    public IReadOnlyList<GraphInitial> Initials => _initials;

    /// <summary>The IIPs sent to exported in-ports, in delivery order (after <see cref="Initials"/>).</summary>
    public IReadOnlyList<ExportedPortInitial> ExportedPortInitials => _portInitials;

    /// <summary>The exported in-ports, in the order they were added.</summary>
    public IReadOnlyList<ExportedPort> InPorts => _inPorts.Values;

    /// <summary>The exported out-ports, in the order they were added.</summary>
    public IReadOnlyList<ExportedPort> OutPorts => _outPorts.Values;

    /// <summary>The groups, in the order they were added.</summary>
    public IReadOnlyList<GraphGroup> Groups => _groups.Values;

    /// <summary>
    /// What the file this graph was read from held that the model keeps only once: a repeated node id,
    /// exported port or group (the first one was kept). Validation reports them. A repeated connection is not
    /// one of them: it is kept as often as it is written.
    /// </summary>
    public IReadOnlyList<GraphProblem> LoadProblems => _loadProblems;

    /// <summary>
    /// Top-level entries of the file this graph was read from that the model has no place for (the original's
    /// workspace keys such as <c>graphDependencies</c>), kept as read so the same format writes them back.
    /// </summary>
    public GraphMetadata Extensions { get; internal set; } = GraphMetadata.Empty;

    /// <summary>Whether a transaction is open (see <see cref="StartTransaction"/>).</summary>
    public bool InTransaction => _transactionDepth > 0;

    /// <summary>Replaces the properties (one <see cref="GraphChangeKind.PropertiesChanged"/>).</summary>
    public void SetProperties(GraphMetadata properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ReplaceProperties(properties);
    }

    /// <summary>Merges <paramref name="patch"/> into the properties (a JSON null removes a key).</summary>
    public void UpdateProperties(GraphMetadata patch) => SetProperties(_properties.Merge(patch));

    /// <summary>
    /// Opens a transaction: every change up to the matching <see cref="EndTransaction"/> is undone and redone
    /// as one. Transactions nest; only the outermost is raised as
    /// <see cref="GraphChangeKind.TransactionStarted"/> / <see cref="GraphChangeKind.TransactionEnded"/>.
    /// </summary>
    public void StartTransaction(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_transactionDepth++ == 0)
        {
            _transactionName = name;
            Raise(new GraphChange(GraphChangeKind.TransactionStarted, null, name));
        }
    }

    /// <summary>Closes the transaction opened by the matching <see cref="StartTransaction"/>.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void EndTransaction()
    {
        if (_transactionDepth == 0)
        {
            throw new InvalidOperationException("EndTransaction was called with no transaction open.");
        }

        if (--_transactionDepth == 0)
        {
            Raise(new GraphChange(GraphChangeKind.TransactionEnded, _transactionName, null));
        }
    }

    /// <summary>Opens a transaction that <see cref="IDisposable.Dispose"/> closes: <c>using (graph.Transaction("move")) { … }</c>.</summary>
    public IDisposable Transaction(string name)
    {
        StartTransaction(name);
        return new TransactionScope(this);
    }

    /// <summary>
    /// Whether <paramref name="other"/> holds the same graph: the same nodes, exported ports and groups (in any
    /// order), the same connections and IIPs in the same order, equal properties and metadata, and the same
    /// case mode. <see cref="LoadProblems"/> are not compared.
    /// </summary>
    public bool ContentEquals(Graph other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return CaseSensitive == other.CaseSensitive
            && _properties.Equals(other._properties)
            && Extensions.Equals(other.Extensions)
            && SameByKey(_nodes, other._nodes)
            && SameByKey(_inPorts, other._inPorts)
            && SameByKey(_outPorts, other._outPorts)
            && SameByKey(_groups, other._groups)
            && _connections.SequenceEqual(other._connections)
            && _initials.SequenceEqual(other._initials)
            && _portInitials.SequenceEqual(other._portInitials);
    }

    internal void AddLoadProblem(GraphProblem problem) => _loadProblems.Add(problem);

    private static bool SameByKey<T>(OrderedDictionary<string, T> a, OrderedDictionary<string, T> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, T> entry in a)
        {
            if (!b.TryGetValue(entry.Key, out T? value) || !EqualityComparer<T>.Default.Equals(entry.Value, value))
            {
                return false;
            }
        }

        return true;
    }

    private void Raise(GraphChange change)
    {
        AssertInvariants();
        Changed?.Invoke(change);
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        if (_connections.Count + _initials.Count > 512)
        {
            return; // the scans below would make every edit of a large graph linear, and building it quadratic
        }

        Debug.Assert(_connections.Count == _connectionCounts.Values.Sum(), "every connection is counted once under its key");

        foreach (GraphConnection c in _connections)
        {
            Debug.Assert(_nodes.ContainsKey(c.From.Node) && _nodes.ContainsKey(c.To.Node), "a connection joins two existing nodes");
        }

        foreach (GraphInitial i in _initials)
        {
            Debug.Assert(_nodes.ContainsKey(i.To.Node), "an IIP targets an existing node");
        }

        foreach (ExportedPortInitial i in _portInitials)
        {
            Debug.Assert(_inPorts.ContainsKey(i.InPort), "an exported-port IIP targets an existing in-port");
        }
    }

    private sealed class TransactionScope(Graph graph) : IDisposable
    {
        private Graph? _graph = graph;

        public void Dispose()
        {
            _graph?.EndTransaction();
            _graph = null;
        }
    }

    /// <summary>Connections between the same two ends share a key (and a count); port names compare as the graph says.</summary>
    private sealed class ConnectionKeyComparer(StringComparer portComparer, StringComparison portComparison) : IEqualityComparer<GraphConnection>
    {
        public bool Equals(GraphConnection? x, GraphConnection? y) =>
            x is not null && y is not null && x.From.Matches(y.From, portComparison) && x.To.Matches(y.To, portComparison);

        public int GetHashCode(GraphConnection c) => HashCode.Combine(c.From.GetHashCode(portComparer), c.To.GetHashCode(portComparer));
    }
}
