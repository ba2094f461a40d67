using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>A failure the library reports itself, with the status it maps to.</summary>
internal sealed class RflException(RflStatus status, string message) : Exception(message)
{
    public RflStatus Status { get; } = status;
}
