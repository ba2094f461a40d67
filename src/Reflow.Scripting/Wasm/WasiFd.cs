using Microsoft.Win32.SafeHandles;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// One open descriptor of a call's <see cref="WasiFdTable"/>: a preopened directory, a directory opened under one, or
/// a file with its handle. <see cref="Path"/> is the canonical host path that was checked against the grants, and
/// <see cref="Root"/> the preopened directory it was reached from: nothing opened through it may lead out of that.
/// </summary>
internal sealed class WasiFd(string path, string root, bool directory)
{
    public string Path { get; } = path;

    public string Root { get; } = root;

    public bool IsDirectory { get; } = directory;

    /// <summary>The name a preopen is announced by (<c>fd_prestat_dir_name</c>); null for a descriptor the plugin opened.</summary>
    public string? PreopenName { get; init; }

    public SafeFileHandle? Handle { get; init; }

    public long RightsBase { get; init; }

    public long RightsInheriting { get; init; }

    /// <summary>Every write goes to the end (<c>FDFLAGS_APPEND</c>).</summary>
    public bool Append { get; init; }

    /// <summary>The file offset of <c>fd_read</c>, <c>fd_write</c> and <c>fd_seek</c>.</summary>
    public long Position { get; set; }

    /// <summary>A directory's entries as the last <c>fd_readdir</c> from cookie 0 listed them: later cookies index it.</summary>
    public List<(string Name, byte Type)>? Listing { get; set; }

    public bool Has(long right) => (RightsBase & right) != 0;
}
