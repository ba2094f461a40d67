using CsCheck;
using Reflow.Configuration;
using Reflow.Graphs;
using Reflow.Graphs.Formats;
using Reflow.Messages;

namespace Reflow.Tests.Properties;

/// <summary>Whatever a file or a peer sends, each reader returns a value or throws its one documented exception.</summary>
public sealed class ReaderRobustnessProperties
{
    private const string Seed = "0N0XIzNsQ0O2";
    private const int Iterations = 4_000;

    private static readonly string[] JsonTokens = ["{", "}", "[", "]", "\"", ":", ",", "\\u", "\\uD800", "1e400", "-", "null", "true", "0.", "\"\":", "{\"type\":", "\"data\":"];
    private static readonly string[] FbpTokens = ["->", "(", ")", "'", "\\'", "[", "]", ":", "=", ",", "INPORT=", "OUTPORT=", "#", "# @runtime ", "\n", "\t", "{", "[[", "\"", ".", "0"];
    private static readonly string[] TomlTokens = ["[", "]", "[[", "]]", "=", "\"", "'", "'''", "\"\"\"", "\n", "#", ".", "inf", "nan", "-", "1979-05-27T07:32:00Z", "{", "}", "\\u", "\\U0011FFFF", "0x", "_"];

    private static Gen<string> GraphTexts(Func<Graph, string> write, GraphProfile profile) => GraphGen.For(profile).Select(write);

    [Fact]
    public void The_DSL_reader_throws_only_GraphFormatException() =>
        Mutations.DamagedText(GraphTexts(FbpFormat.Write, GraphProfile.Fbp), FbpTokens).Sample(text =>
            Mutations.OnlyThrows<GraphFormatException>(() => FbpFormat.Read(text), () => text), iter: Iterations, seed: Seed);

    [Fact]
    public void The_Reflow_JSON_reader_throws_only_GraphFormatException() =>
        Mutations.DamagedText(GraphTexts(g => ReflowJsonFormat.Write(g, indented: false), GraphProfile.ReflowJson), JsonTokens).Sample(text =>
            Mutations.OnlyThrows<GraphFormatException>(() => ReflowJsonFormat.Read(text), () => text), iter: Iterations, seed: Seed);

    [Fact]
    public void The_NoFlo_JSON_reader_throws_only_GraphFormatException() =>
        Mutations.DamagedText(GraphTexts(g => NoFloJsonFormat.Write(g, indented: false), GraphProfile.NoFloJson), JsonTokens).Sample(text =>
            Mutations.OnlyThrows<GraphFormatException>(() =>
            {
                NoFloJsonFormat.Read(text);
                GraphFile.DetectJsonFormat(text);
            }, () => text), iter: Iterations, seed: Seed);

    [Fact]
    public void The_TOML_configuration_reader_throws_only_ReflowConfigurationException() =>
        Mutations.DamagedText(Gen.Const(ReflowConfiguration.ToToml(ReflowOptions.Default)), TomlTokens).Sample(text =>
            Mutations.OnlyThrows<ReflowConfigurationException>(() => ReflowConfiguration.FromToml(text), () => text), iter: Iterations, seed: Seed);

    [Fact]
    public void Configuration_overrides_throw_only_ReflowConfigurationException() =>
        Gen.Select(Gen.OneOf(ReflowConfiguration.Keys.Select(k => k.Key).ToArray()), Mutations.DamagedText(Gen.OneOf("4", "true", "\"250ms\"", "[\"a\"]", "512MB", "busy_spin", "0.0.0.0:80"), TomlTokens))
            .Sample((key, value) =>
                Mutations.OnlyThrows<ReflowConfigurationException>(() => ReflowConfiguration.Load(overrides: [key + "=" + value], environment: new Dictionary<string, string>()), () => key + "=" + value),
                iter: Iterations, seed: Seed);

    [Fact]
    public void MessageBinary_throws_only_MessageFormatException_and_allocates_in_proportion_to_its_input() =>
        Mutations.Damaged(MessageGen.Any.Select(m => MessageBinary.Serialize(m)), []).Sample(bytes =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Mutations.OnlyThrows<MessageFormatException>(() => MessageBinary.Deserialize(bytes), () => Mutations.Hex(bytes));
            // A length field can claim gigabytes: it must be checked against the input before anything is sized by it.
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024 + 64 * bytes.Length, "allocated far more than its input");
        }, iter: Iterations * 2, seed: Seed, threads: 1);

    [Fact]
    public void MessageFrameCodec_throws_only_MessageFormatException_and_allocates_in_proportion_to_its_input() =>
        Mutations.Damaged(Gen.OneOf(MessageGen.Any, MessageGen.Large).Select(m => new MessageFrameCodec().Encode(m)), []).Sample(bytes =>
        {
            var codec = new MessageFrameCodec();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Mutations.OnlyThrows<MessageFormatException>(() => codec.Decode(bytes), () => Mutations.Hex(bytes));
            Mutations.OnlyThrows<MessageFormatException>(() =>
            {
                // A stream reader: frames one after another until the buffer holds no whole frame.
                ReadOnlySpan<byte> rest = bytes;
                for (int i = 0; i < 16 && codec.TryDecode(rest, out _, out int consumed); i++)
                {
                    Assert.InRange(consumed, MessageFrameCodec.HeaderLength, rest.Length);
                    rest = rest[consumed..];
                }
            }, () => Mutations.Hex(bytes));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long allowed = FrameAllocationBound(bytes);
            Assert.True(allocated < allowed, $"allocated {allocated} bytes for a {bytes.Length}-byte input, more than {allowed}");
        }, iter: Iterations, seed: Seed, threads: 1);

    /// <summary>
    /// What decoding <paramref name="frame"/> twice may allocate. A compressed frame legitimately expands up to 255-fold
    /// (the codec's documented limit), so the bound follows the uncompressed length the header claims, capped at 255 × the
    /// stored bytes (+16 for a tiny block's last literals) — a claim past that cap is the lie the codec must refuse before it rents a buffer for it. Per decode:
    /// the rented buffer (ArrayPool rounds up to a power of two and misses whenever its buckets were trimmed or taken by
    /// another test, so a hit cannot be relied on) plus the decoded message (at most 64 bytes per serialized byte, as the
    /// MessageBinary property checks).
    /// </summary>
    private static long FrameAllocationBound(byte[] frame)
    {
        long uncompressed = 0;
        if (frame.Length >= MessageFrameCodec.HeaderLength)
        {
            long claimed = Math.Max(0, System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(8)));
            uncompressed = Math.Min(claimed, (255L * (frame.Length - MessageFrameCodec.HeaderLength)) + 16);
        }

        return 1024 * 1024 + 128L * frame.Length + 2 * (2 * uncompressed + 64 * uncompressed);
    }

    [Fact]
    public void The_tagged_JSON_reader_throws_only_MessageFormatException() =>
        Mutations.Damaged(MessageGen.Writable.Select(MessageJson.ToUtf8TaggedJson), JsonTokens).Sample(bytes =>
        {
            Mutations.OnlyThrows<MessageFormatException>(() => MessageJson.ParseTagged(bytes), () => Mutations.Hex(bytes));
            string text = System.Text.Encoding.UTF8.GetString(bytes);
            Mutations.OnlyThrows<MessageFormatException>(() => MessageJson.ParseTagged(text), () => text);
        }, iter: Iterations, seed: Seed);

    [Fact]
    public void The_plain_JSON_reader_throws_only_MessageFormatException() =>
        Mutations.Damaged(MessageGen.JsonNative.Select(MessageJson.ToUtf8Json), JsonTokens).Sample(bytes =>
        {
            Mutations.OnlyThrows<MessageFormatException>(() => MessageJson.Parse(bytes), () => Mutations.Hex(bytes));
            string text = System.Text.Encoding.UTF8.GetString(bytes);
            Mutations.OnlyThrows<MessageFormatException>(() => MessageJson.Parse(text), () => text);
        }, iter: Iterations, seed: Seed);
}
