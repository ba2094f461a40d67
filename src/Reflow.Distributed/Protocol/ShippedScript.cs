namespace Reflow.Distributed.Protocol;

/// <summary>
/// A script file a coordinator sends with a part because the deployment lists it (<c>[scripts]</c>): its path relative
/// to the graph file's folder, its SHA-256 as the deployment states it (<c>sha256:…</c>), and its bytes (base64 in the JSON).
/// </summary>
internal sealed record ShippedScript(string Path, string Sha256, byte[] Content);
