namespace Reflow.Native;

/// <summary>A C callback of a component returned non-zero: the node failed, and its supervision policy decides what follows.</summary>
internal sealed class NativeCallbackException(string message) : Exception(message);
