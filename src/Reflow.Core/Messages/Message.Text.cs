namespace Reflow.Messages;

public readonly partial struct Message
{
    /// <summary>
    /// Returns diagnostic text: the kind and the value in compact JSON, for example <c>Integer 42</c>,
    /// <c>String "héllo"</c>, <c>Array [1,2,3]</c>, <c>Flow</c>, <c>Null</c>, <c>Bytes[1024] 0A0B0C…</c>,
    /// <c>Error "boom"</c>, or for brackets <c>OpenBracket</c>, <c>OpenBracket "g1"</c>, <c>CloseBracket 7</c>.
    /// </summary>
    /// <returns>The text, cut off with an ellipsis past about 256 characters.</returns>
    /// <remarks>For display and logs only; use <see cref="MessageJson"/> for a format that reads back.</remarks>
    public override string ToString() => MessageText.Format(this, includeKind: true);
}
