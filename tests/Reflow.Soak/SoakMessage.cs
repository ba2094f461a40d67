using Reflow.Messages;

namespace Reflow.Soak;

/// <summary>
/// The text every soak message carries: <c>from|id|fault</c>. <c>from</c> is the last harness (C#) node that emitted
/// it (relays rewrite it, script nodes pass it through), <c>id</c> is unique per source for the whole graph, and
/// <c>fault</c> names the fault to inject (empty for none; <c>throw@r3</c> targets one C# node).
/// </summary>
/// <remarks>The WebAssembly relay traps on the byte '~' anywhere in a batch, so the text stays under 120 bytes: no
/// frame length can be 126 (0x7E).</remarks>
internal readonly record struct SoakMessage(string From, string Id, string Fault)
{
    public const int MaxLength = 120;

    public Message ToMessage() => Message.String(ToString());

    public override string ToString()
    {
        string text = $"{From}|{Id}|{Fault}";
        if (text.Length > MaxLength)
        {
            throw new InvalidOperationException($"Soak message '{text}' is longer than {MaxLength} characters.");
        }

        return text;
    }

    /// <summary>Reads a soak message; null when <paramref name="message"/> is not one (which the ledger reports).</summary>
    public static SoakMessage? TryParse(in Message message)
    {
        if (message.Kind != MessageKind.String)
        {
            return null;
        }

        string[] parts = message.AsString().Split('|');
        return parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0 ? new SoakMessage(parts[0], parts[1], parts[2]) : null;
    }
}
