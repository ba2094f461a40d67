namespace Reflow.Fuzz;

/// <summary>
/// One parser under fuzzing: <see cref="Check"/> feeds it one input and returns normally when the parser accepted the
/// input or refused it with the exception its XML docs name; any other exception escapes and is a finding.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name on the command line and of the folders under fuzz/ (corpus, regressions, findings).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// How many bytes one input byte may make the check allocate, over <see cref="AllocationGuard.BaseBytes"/>. Text
    /// parsers build strings, nodes and graphs several times their input; a decoder of LZ4 may expand 255 times first.
    /// </summary>
    public virtual long AllocationPerInputByte => 256;

    /// <summary>Runs the parser on <paramref name="input"/>; throws only for a finding.</summary>
    public abstract void Check(ReadOnlySpan<byte> input);
}
