using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// Output frames of scalars (decoded by hand, not by the formatter) come out as the formatter would decode them, and a
/// malformed scalar frame still fails its batch naming the frame.
/// </summary>
public sealed class WasmBatchScalarTests
{
    private static string Returning(params byte[][] frames)
    {
        var batch = new List<byte>(BitConverter.GetBytes(frames.Length));
        foreach (byte[] frame in frames)
        {
            batch.Add(0);
            batch.AddRange(BitConverter.GetBytes(frame.Length));
            batch.AddRange(frame);
        }

        return WatBatchPlugin.Module("(call $pack {batch})", data: new Dictionary<string, byte[]> { ["batch"] = [.. batch] });
    }

    private static byte[] Frame(MessageKind kind, params byte[] value) => [(byte)kind, .. value];

    [Fact]
    public async Task Scalar_frames_come_out_as_the_formatter_reads_them()
    {
        long nanBits = unchecked((long)0xFFF8_0000_0000_1234UL);
        Message[] expected =
        [
            Message.Flow, Message.Null, Message.Boolean(true), Message.Boolean(false), Message.Integer(long.MinValue),
            Message.Integer(-5), Message.Float(-0.0), Message.Float(BitConverter.Int64BitsToDouble(nanBits)), Message.Float(2.5),
            Message.String("after the scalars"),
        ];
        JsRun run = await WatBatchPlugin.RunAsync(Returning([.. expected.Select(m => MessageBinary.Serialize(m))]), [Message.Integer(1)]);
        Assert.Empty(run.Result.Failures);
        Message[] got = [.. run["out"]];
        Assert.Equal(expected.Select(m => m.Kind), got.Select(m => m.Kind));
        Assert.Equal(expected, got);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(got[6].AsFloat()));
        Assert.Equal(nanBits, BitConverter.DoubleToInt64Bits(got[7].AsFloat()));
        Assert.Equal(expected.Select(m => Convert.ToHexString(MessageBinary.Serialize(m))), got.Select(m => Convert.ToHexString(MessageBinary.Serialize(m))));
    }

    [Theory]
    [InlineData(new byte[] { 2, 2 })] // a Boolean byte other than 0 or 1
    [InlineData(new byte[] { 3, 1, 2, 3, 4 })] // an Integer cut short
    [InlineData(new byte[] { 4, 0, 0, 0 })] // a Float cut short
    [InlineData(new byte[] { 12 })] // no such kind
    public async Task A_malformed_scalar_frame_fails_its_batch_naming_the_frame(byte[] body)
    {
        JsRun run = await WatBatchPlugin.RunAsync(Returning(Frame(MessageKind.Integer, BitConverter.GetBytes(7L)), body), [Message.Integer(1)]);
        Assert.Empty(run["out"]);
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Contains("reflow_process wrote a malformed output batch: frame 1 at byte offset 18: not a valid message", failed.Exception!.Message, StringComparison.Ordinal);
    }
}
