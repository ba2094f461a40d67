using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>
/// A node's configuration: its metadata from the graph plus the environment variables it asked for, resolved
/// once when the network is built. Immutable.
/// </summary>
/// <remarks>
/// Environment variables follow the original system's rules. The metadata key <c>env_vars</c> holds an object
/// <c>{ "NAME": requirement }</c>: a requirement starting with <c>required</c> makes a missing variable an error,
/// <c>optional:&lt;default&gt;</c> uses the default when it is missing, anything else skips it. Resolved values
/// are in <see cref="Environment"/> and are also copied into <see cref="Values"/> under their own names
/// (overriding a metadata entry of that name), so actors read both through one set of getters.
/// </remarks>
public sealed class ActorConfiguration
{
    /// <summary>The metadata key that lists the environment variables a node needs.</summary>
    public const string EnvironmentVariablesKey = "env_vars";

    private const string RequiredPrefix = "required";
    private const string OptionalPrefix = "optional:";

    private ActorConfiguration(string nodeId, string componentName, MessageObject values, IReadOnlyDictionary<string, string> environment, string? baseDirectory)
    {
        NodeId = nodeId;
        ComponentName = componentName;
        Values = values;
        Environment = environment;
        BaseDirectory = baseDirectory;
    }

    /// <summary>The node's id.</summary>
    public string NodeId { get; }

    /// <summary>The node's component name.</summary>
    public string ComponentName { get; }

    /// <summary>The configuration values: the node metadata plus the resolved environment variables.</summary>
    public MessageObject Values { get; }

    /// <summary>The environment variables the node asked for and got (after defaults).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>
    /// Where relative paths in the node's settings resolve (<see cref="ActorContext.ResolvePath"/>): the directory of the
    /// graph file the node came from (for a node of a subgraph, the subgraph's file); null for a node built in code or
    /// loaded from a graph without a file, whose relative paths resolve against the current directory. One string
    /// shared by every node of a graph.
    /// </summary>
    public string? BaseDirectory { get; }

    /// <summary>Resolves a node's configuration.</summary>
    /// <param name="nodeId">The node's id.</param>
    /// <param name="componentName">The node's component.</param>
    /// <param name="metadata">The node's metadata from the graph, if any.</param>
    /// <param name="environment">
    /// Reads an environment variable (null if unset); the process environment when null. A reader that refuses a
    /// variable throws <see cref="Permissions.PermissionDeniedException"/> (see
    /// <see cref="Permissions.PermissionSet.GetEnvironmentVariable"/>): the refusal is one of the problems reported.
    /// </param>
    /// <param name="baseDirectory">Where relative paths in the node's settings resolve (<see cref="BaseDirectory"/>); the current directory when null.</param>
    /// <exception cref="ActorConfigurationException">Required variables are missing or refused, or <c>env_vars</c> is malformed; lists every problem.</exception>
    public static ActorConfiguration Create(
        string nodeId, string componentName, MessageObject? metadata = null, Func<string, string?>? environment = null, string? baseDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentException.ThrowIfNullOrEmpty(componentName);
        metadata ??= MessageObject.Empty;
        environment ??= System.Environment.GetEnvironmentVariable;
        if (baseDirectory is not null && !Path.IsPathFullyQualified(baseDirectory))
        {
            baseDirectory = Path.GetFullPath(baseDirectory); // a loader passes one full path per graph, shared by its nodes
        }

        if (!metadata.TryGetValue(EnvironmentVariablesKey, out Message declared))
        {
            // The common case, and the whole start-up cost of a node when a network has 100 000 of them: no lists,
            // no dictionaries.
            return new ActorConfiguration(nodeId, componentName, metadata, s_noVariables, baseDirectory);
        }

        var problems = new List<string>();
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        if (declared.TryGetObject(out MessageObject? variables))
        {
            foreach (KeyValuePair<string, Message> variable in variables)
            {
                Resolve(variable.Key, variable.Value, environment, resolved, problems);
            }
        }
        else
        {
            problems.Add($"metadata '{EnvironmentVariablesKey}' must be an object of NAME: requirement, not {declared.Kind}");
        }

        if (problems.Count > 0)
        {
            throw new ActorConfigurationException(nodeId, problems);
        }

        MessageObject values = metadata;
        if (resolved.Count > 0)
        {
            MessageObject.Builder builder = MessageObject.CreateBuilder(metadata.Count + resolved.Count);
            foreach (KeyValuePair<string, Message> entry in metadata)
            {
                if (!resolved.ContainsKey(entry.Key))
                {
                    builder.Add(entry.Key, entry.Value);
                }
            }

            foreach (KeyValuePair<string, string> entry in resolved)
            {
                builder.Add(entry.Key, Message.String(entry.Value));
            }

            values = builder.ToMessageObject();
        }

        // Most nodes have no variables: they share one empty dictionary (100 000 idle actors keep ~100 B each less).
        return new ActorConfiguration(nodeId, componentName, values, resolved.Count > 0 ? resolved : s_noVariables, baseDirectory);
    }

    private static readonly IReadOnlyDictionary<string, string> s_noVariables = new Dictionary<string, string>(0, StringComparer.Ordinal).AsReadOnly();

    private static void Resolve(
        string name, Message requirement, Func<string, string?> environment, Dictionary<string, string> resolved, List<string> problems)
    {
        if (!requirement.TryGetString(out string? rule))
        {
            problems.Add($"the requirement of environment variable '{name}' must be a string (\"required\" or \"optional:<default>\"), not {requirement.Kind}");
            return;
        }

        string? value;
        try
        {
            value = environment(name);
        }
        catch (Permissions.PermissionDeniedException ex)
        {
            problems.Add($"environment variable '{name}': {ex.Message}");
            return;
        }

        if (value is not null)
        {
            resolved[name] = value;
        }
        else if (rule.StartsWith(RequiredPrefix, StringComparison.Ordinal))
        {
            problems.Add($"environment variable '{name}' is required but not set");
        }
        else if (rule.StartsWith(OptionalPrefix, StringComparison.Ordinal))
        {
            resolved[name] = rule[OptionalPrefix.Length..];
        }
    }

    /// <summary>The value under <paramref name="key"/>, if there is one.</summary>
    public bool TryGetValue(string key, out Message value) => Values.TryGetValue(key, out value);

    /// <summary>The String under <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="ActorConfigurationException">The value is not a String.</exception>
    public string GetString(string key, string defaultValue) =>
        TryGetValue(key, out Message value) ? (value.TryGetString(out string? text) ? text : throw WrongType(key, "String", value)) : defaultValue;

    /// <summary>The Integer under <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="ActorConfigurationException">The value is not an Integer.</exception>
    public long GetInteger(string key, long defaultValue) =>
        TryGetValue(key, out Message value) ? (value.TryGetInteger(out long number) ? number : throw WrongType(key, "Integer", value)) : defaultValue;

    /// <summary>The Float (or Integer) under <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="ActorConfigurationException">The value is not a number.</exception>
    public double GetFloat(string key, double defaultValue)
    {
        if (!TryGetValue(key, out Message value))
        {
            return defaultValue;
        }

        return value.TryGetFloat(out double real) ? real
            : value.TryGetInteger(out long integer) ? integer
            : throw WrongType(key, "Float", value);
    }

    /// <summary>The Boolean under <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="ActorConfigurationException">The value is not a Boolean.</exception>
    public bool GetBoolean(string key, bool defaultValue) =>
        TryGetValue(key, out Message value) ? (value.TryGetBoolean(out bool flag) ? flag : throw WrongType(key, "Boolean", value)) : defaultValue;

    private ActorConfigurationException WrongType(string key, string expected, Message found) =>
        new(NodeId, [$"configuration '{key}' must be {expected}, but is {found}"]);
}
