using Xunit.Abstractions;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Io;

/// <summary>
/// io/ReadLines streams a generated 1 GiB file through a network in bounded memory: the sink samples the managed
/// heap as lines go by, and its peak stays far below the file's size (a reader that loaded the file would need
/// more than 2 GiB for it as UTF-16 strings).
/// </summary>
public sealed class LargeFileStreamingTests(ITestOutputHelper output)
{
    private const long FileBytes = 1L << 30;
    private const long PeakLimit = 256L << 20;

    private sealed class MeasuringSink : Actor
    {
        public long Lines { get; private set; }

        public long Characters { get; private set; }

        public long PeakHeap { get; private set; }

        public long Checksum { get; private set; }

        public override void Receive(ActorContext context)
        {
            string line = context.Message.AsString();
            Characters += line.Length;
            Checksum += line[^1];
            if (++Lines % 65_536 == 0)
            {
                PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
        }
    }

    [Fact]
    public async Task A_1_GiB_file_streams_line_by_line_with_the_heap_far_below_its_size()
    {
        using var temp = new TempDirectory();
        string path = temp.File("large.txt");
        (long lines, long characters, long checksum) = Generate(path);
        Assert.Equal(FileBytes, new FileInfo(path).Length);

        MeasuringSink? sink = null;
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("read", ComponentRun.Find("io/ReadLines"), MessageJson.Parse($$"""{"path":{{MessageJson.ToJson(Message.String(path))}}}""").AsObject())
            .AddNode("sink", Component.FromFactory(new ComponentDescription("test/Sink", [new("in", PortType.String)]), () => sink = new MeasuringSink()))
            .AddNode("done", ComponentRun.Find("core/Drop"))
            .Connect("read", "out", "sink", "in")
            .Connect("read", "done", "done", "in")
            .Build(_ => null);
        long before = GC.GetTotalMemory(forceFullCollection: true);

        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, Permissions = PermissionSet.None.WithRead(temp.Path) });
        NetworkRunResult result = await network.RunAsync().WaitAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(0, result.Errors);
        Assert.Equal(lines, sink!.Lines);
        Assert.Equal(characters, sink.Characters);
        Assert.Equal(checksum, sink.Checksum);
        output.WriteLine($"{lines} lines; managed heap before {before >> 20} MiB, peak while streaming {sink.PeakHeap >> 20} MiB");
        Assert.True(sink.PeakHeap > 0);
        Assert.True(sink.PeakHeap - before < PeakLimit, $"the managed heap grew by {(sink.PeakHeap - before) >> 20} MiB while streaming a {FileBytes >> 20} MiB file");
    }

    // Lines of 40-139 characters plus '\n', then one last line that makes the file exactly 1 GiB (40-180 characters).
    private static (long Lines, long Characters, long Checksum) Generate(string path)
    {
        long lines = 0, characters = 0, checksum = 0, written = 0;
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        byte[] line = new byte[200];
        while (written < FileBytes)
        {
            long remaining = FileBytes - written;
            int length = 40 + (int)(lines * 7919 % 100);
            if (remaining - (length + 1) < 41)
            {
                length = (int)remaining - 1; // the last line takes the rest
            }

            for (int i = 0; i < length; i++)
            {
                line[i] = (byte)('a' + ((lines + i) % 26));
            }

            line[length] = (byte)'\n';
            file.Write(line, 0, length + 1);
            written += length + 1;
            lines++;
            characters += length;
            checksum += line[length - 1];
        }

        return (lines, characters, checksum);
    }
}
