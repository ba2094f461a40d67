using Reflow.Permissions;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// Where a script's imports may come from: its own folder (the script file's, or the graph file's for an inline
/// source) and the <c>node_modules</c> folders of that folder and of each folder above it, where bare packages are
/// found — with <c>..</c> and symbolic links resolved, as permissions resolve them. An import is code the graph's
/// author put there, not a way to read the machine's files: reading a file takes <c>read</c> permission and
/// <c>Deno.readTextFile</c>. A source with no folder of its own (one a protocol client sent) imports packages only.
/// </summary>
/// <remarks>
/// The scope cannot be the node's grant: a script's imports are loaded when its source is described, once for every
/// node that runs it, before any node exists.
/// </remarks>
internal sealed class ModuleScope
{
    private readonly PermissionSet _allowed;
    private readonly string _where;

    private ModuleScope(PermissionSet allowed, string where)
    {
        _allowed = allowed;
        _where = where;
    }

    /// <summary>The scope of a script whose own folder is <paramref name="ownDirectory"/> (null: none) and whose packages are looked up from <paramref name="searchDirectory"/>.</summary>
    public static ModuleScope For(string? ownDirectory, string searchDirectory)
    {
        var roots = new List<string>();
        if (ownDirectory is not null)
        {
            roots.Add(Path.GetFullPath(ownDirectory));
        }

        for (string? dir = Path.GetFullPath(searchDirectory); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            roots.Add(Path.Combine(dir, "node_modules"));
        }

        string where = ownDirectory is null
            ? $"the node_modules folders of {Path.GetFullPath(searchDirectory)} and the folders above it (the source has no folder of its own)"
            : $"the script's folder {roots[0]} and the node_modules folders of it and the folders above it";
        return new ModuleScope(PermissionSet.None.WithRead(roots), where);
    }

    /// <summary>The path to load for <paramref name="path"/> (absolute, links resolved) when it is in scope.</summary>
    /// <exception cref="ScriptException">It is not; the message names the import, the file and where imports may come from.</exception>
    public string Check(string path, string specifier, string importer)
    {
        try
        {
            return _allowed.CheckRead(path);
        }
        catch (PermissionDeniedException denied)
        {
            throw new ScriptException(
                $"{importer}: cannot import '{specifier}': '{denied.Target}' is outside where a script imports from ({_where}); " +
                "put the module there, or read the file at run time with Deno.readTextFile and --allow-read");
        }
    }
}
