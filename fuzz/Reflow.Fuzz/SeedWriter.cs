using System.Text;
using Reflow.Configuration;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Fuzz;

/// <summary>
/// Writes the seed corpora of the binary targets (what the encoders make of <see cref="SeedMessages"/>), so the
/// checked-in files under fuzz/corpus can be made again when a format changes: <c>Reflow.Fuzz --write-seeds DIR</c>.
/// </summary>
internal static class SeedWriter
{
    public static void Write(string corpus)
    {
        MessageBinary.EnsureRegistered();
        var codec = new MessageFrameCodec();
        var stream = new List<byte>();
        foreach ((string name, Message message) in SeedMessages.All())
        {
            Save(corpus, "message-binary", name + ".bin", MessageBinary.Serialize(message));
            byte[] frame = codec.Encode(message);
            Save(corpus, "message-frame", name + ".frame", frame);
            if (stream.Count < 4096)
            {
                stream.AddRange(frame);
            }

            Save(corpus, "tagged-json", name + ".tagged.json", Encoding.UTF8.GetBytes(MessageJson.ToTaggedJson(message)));
            if (!message.IsBracket)
            {
                Save(corpus, "tagged-json", name + ".json", MessageJson.ToUtf8Json(message)); // brackets have no plain form
            }
        }

        Save(corpus, "message-frame", "stream-of-frames.frames", [.. stream]);
        Save(corpus, "toml", "every-key.toml", Encoding.UTF8.GetBytes(ReflowConfiguration.ToToml(ReflowOptions.Default)));
        WriteRemoteEdgeFrames(corpus);
    }

    private static void WriteRemoteEdgeFrames(string corpus)
    {
        using var encoder = new RemoteEdgeBatchEncoder();
        encoder.Reset();
        foreach ((_, Message message) in SeedMessages.All().Take(10))
        {
            encoder.TryAdd(message, int.MaxValue);
        }

        Save(corpus, "remote-edge-frame", "batch.frame", encoder.Finish(firstSequence: 1, compressionThreshold: int.MaxValue).ToArray());
        encoder.Reset();
        foreach ((_, Message message) in SeedMessages.All())
        {
            encoder.TryAdd(message, int.MaxValue);
        }

        Save(corpus, "remote-edge-frame", "batch-compressed.frame", encoder.Finish(firstSequence: 42, compressionThreshold: 256).ToArray());

        var small = new byte[RemoteEdgeFrame.SmallFrameLength];
        foreach ((string name, RemoteEdgeFrameKind kind) in new[] { ("end", RemoteEdgeFrameKind.End), ("probe", RemoteEdgeFrameKind.Probe), ("credit", RemoteEdgeFrameKind.Credit) })
        {
            RemoteEdgeFrame.WriteSmall(small, kind, 1000);
            Save(corpus, "remote-edge-frame", name + ".frame", small);
        }

        var endAck = new byte[RemoteEdgeFrame.EndAckLength];
        RemoteEdgeFrame.WriteEndAck(endAck, received: 998, lost: 2);
        Save(corpus, "remote-edge-frame", "end-ack.frame", endAck);
    }

    private static void Save(string corpus, string target, string name, byte[] bytes)
    {
        string folder = Path.Combine(corpus, target);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
    }
}
