using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Reflow.Messages;

namespace Reflow.Benchmarks.Messages;

/// <summary>
/// Encode and decode cost of each message codec (plain JSON, tagged JSON, MemoryPack, LZ4 frames) for a small
/// object message and an Integer scalar, one direction per case. Writers and buffers are reused, so the
/// allocation column shows what the codec itself allocates (a decode allocates the message it returns).
/// </summary>
[MemoryDiagnoser]
public class MessageCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly MessageFrameCodec _frameCodec = new();
    private Utf8JsonWriter _jsonWriter = null!;
    private Message _message;
    private byte[] _plainJson = null!;
    private byte[] _taggedJson = null!;
    private byte[] _memoryPack = null!;
    private byte[] _frame = null!;

    public enum Shape
    {
        Object,
        Integer,
    }

    [Params(Shape.Object, Shape.Integer)]
    public Shape Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = Payload == Shape.Integer
            ? Message.Integer(42)
            : Message.Object(
                new("id", Message.Integer(42)),
                new("name", Message.String("sensor-7")),
                new("value", Message.Float(21.5)),
                new("tags", Message.Array(Message.String("a"), Message.String("b"))));
        _jsonWriter = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
        _plainJson = MessageJson.ToUtf8Json(_message);
        _taggedJson = MessageJson.ToUtf8TaggedJson(_message);
        _memoryPack = MessageBinary.Serialize(_message);
        _frame = _frameCodec.Encode(_message);
    }

    [GlobalCleanup]
    public void Cleanup() => _jsonWriter.Dispose();

    [Benchmark(Baseline = true)]
    public int PlainJsonEncode()
    {
        _buffer.ResetWrittenCount();
        _jsonWriter.Reset(_buffer);
        MessageJson.Write(_jsonWriter, _message);
        _jsonWriter.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Message PlainJsonDecode()
    {
        var reader = new Utf8JsonReader(_plainJson);
        return MessageJson.Read(ref reader);
    }

    [Benchmark]
    public int TaggedJsonEncode()
    {
        _buffer.ResetWrittenCount();
        _jsonWriter.Reset(_buffer);
        MessageJson.WriteTagged(_jsonWriter, _message);
        _jsonWriter.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Message TaggedJsonDecode()
    {
        var reader = new Utf8JsonReader(_taggedJson);
        return MessageJson.ReadTagged(ref reader);
    }

    [Benchmark]
    public int MemoryPackEncode()
    {
        _buffer.ResetWrittenCount();
        MessageBinary.Serialize(_buffer, _message);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Message MemoryPackDecode() => MessageBinary.Deserialize(_memoryPack);

    [Benchmark]
    public int FrameEncode()
    {
        _buffer.ResetWrittenCount();
        _frameCodec.Encode(_message, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Message FrameDecode() => _frameCodec.Decode(_frame);
}
