using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Scripting;
using Reflow.Server.Protocol;

namespace Reflow.Server.Runtime;

/// <summary>
/// Components clients send as source (<c>component:source</c>, when the server allows it): made by the registry's
/// script runtime for the language, under the scripting permission model with <b>no</b> grants whatever that runtime
/// was configured with (the protocol server grants nothing), and registered as <c>library/name</c>.
/// </summary>
/// <remarks>
/// The registry cannot forget a name, so a component sent again under the same name keeps its registration and its
/// nodes get the new code from then on (each actor is made by the latest one); its ports must stay the same, since
/// graphs were checked against them.
/// </remarks>
internal sealed class SourceComponents(ComponentRegistry registry)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The source of a component added here, or null.</summary>
    public (string Language, string Code)? Find(string name) =>
        _entries.TryGetValue(name, out Entry? entry) ? (entry.Language, entry.Code) : null;

    /// <summary>Makes and registers (or replaces) the component; returns its registered name.</summary>
    /// <exception cref="FbpProtocolException">An unknown language, no runtime for it, code that does not make a component, a name taken by another component, or changed ports.</exception>
    public string Add(string name, string? library, string language, string code)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
        {
            throw new FbpProtocolException($"component:source: \"name\" must be a component name without its library (\"{name}\" is not); the library goes in \"library\".");
        }

        string fullName = string.IsNullOrEmpty(library) ? name : $"{library}/{name}";
        string configured = language.ToLowerInvariant() switch
        {
            "javascript" or "js" or "es6" or "es2015" => "script/javascript",
            "typescript" or "ts" => "script/typescript",
            "python" or "py" => "script/python",
            _ => throw new FbpProtocolException($"component:source: language \"{language}\" is not one this runtime makes components from; it takes javascript, typescript and python."),
        };

        ScriptComponentProvider provider = registry.Providers.OfType<ScriptComponentProvider>().FirstOrDefault(p => p.Runtime.ComponentNames.Contains(configured))
            ?? throw new FbpProtocolException($"component:source: this runtime has no {language} script runtime enabled ({configured} is not in its registry), so it cannot make \"{fullName}\".");

        // The runtime's limits, never its grants: a component a client sends reaches nothing.
        var sandboxed = new ScriptComponentProvider(provider.Runtime, provider.Options with { Permissions = PermissionSet.None });
        Component made;
        try
        {
            made = sandboxed.CreateForNode(configured, GraphMetadata.Empty.With(ScriptComponentProvider.SourceKey, code), baseDirectory: null);
        }
        catch (ComponentDefinitionException ex)
        {
            throw new FbpProtocolException($"component:source: \"{fullName}\" is not a {language} component: {ex.Message}", ex);
        }

        ComponentDescription d = made.Description;
        if (_entries.TryGetValue(fullName, out Entry? existing))
        {
            if (!SamePorts(existing.Description, d))
            {
                throw new FbpProtocolException($"component:source: \"{fullName}\" was already added with other ports ({Ports(existing.Description)}; now {Ports(d)}); a component's ports cannot change while the runtime runs: send it under a new name or restart the runtime.");
            }

            existing.Current = made;
            existing.Language = language;
            existing.Code = code;
            return fullName;
        }

        if (registry.Contains(fullName))
        {
            throw new FbpProtocolException($"component:source: \"{fullName}\" is already a component of this runtime; send the source under another name or library.");
        }

        var description = new ComponentDescription(fullName, d.InPorts, d.OutPorts, d.Description, d.InputMode, d.ConfigurationSchema, d.MayBlock) { Pool = d.Pool };
        var entry = new Entry(description, language, code, made);

        // Each actor comes from the latest source sent under this name.
        registry.Add(Component.FromFactory(description, () => entry.Current.CreateActor()));
        _entries.Add(fullName, entry);
        return fullName;
    }

    private static bool SamePorts(ComponentDescription a, ComponentDescription b) => Ports(a) == Ports(b);

    private static string Ports(ComponentDescription d) =>
        $"in: {string.Join(", ", d.InPorts.Select(p => $"{p.Name} {p.Type}"))}; out: {string.Join(", ", d.OutPorts.Select(p => $"{p.Name} {p.Type}"))}";

    private sealed class Entry(ComponentDescription description, string language, string code, Component current)
    {
        public ComponentDescription Description { get; } = description;

        public string Language { get; set; } = language;

        public string Code { get; set; } = code;

        public Component Current { get; set; } = current;
    }
}
