using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Reflow.Messages;

namespace Reflow.Benchmarks.Messages;

/// <summary>
/// Encode and decode cost of the message codecs for a small object message and an Integer scalar.
/// Plain JSON is measured per direction; the tagged JSON, MemoryPack and frame codecs as round trips
/// (encode then decode), which keeps the suite at ten cases. Writers and buffers are reused, so the
/// allocation column shows what the codec itself allocates.
/// </summary>
[MemoryDiagnoser]
public class MessageCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly MessageFrameCodec _frameCodec = new();
    private Utf8JsonWriter _jsonWriter = null!;
    private Message _message;
    private byte[] _plainJson = null!;

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
    public Message TaggedJsonRoundTrip()
    {
        _buffer.ResetWrittenCount();
        _jsonWriter.Reset(_buffer);
        MessageJson.WriteTagged(_jsonWriter, _message);
        _jsonWriter.Flush();
        var reader = new Utf8JsonReader(_buffer.WrittenSpan);
        return MessageJson.ReadTagged(ref reader);
    }

    [Benchmark]
    public Message MemoryPackRoundTrip()
    {
        _buffer.ResetWrittenCount();
        MessageBinary.Serialize(_buffer, _message);
        return MessageBinary.Deserialize(_buffer.WrittenSpan);
    }

    [Benchmark]
    public Message FrameRoundTrip()
    {
        _buffer.ResetWrittenCount();
        _frameCodec.Encode(_message, _buffer);
        return _frameCodec.Decode(_buffer.WrittenSpan);
    }
}
