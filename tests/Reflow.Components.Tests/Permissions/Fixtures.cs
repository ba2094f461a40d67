using System.Diagnostics;
using System.Net.Sockets;
using Reflow.Actors;

namespace Reflow.Components.Tests.Permissions;

/// <summary>Actors that reach outside in the ways <see cref="OutsideReach"/> must see (never run: only their IL is read).</summary>
internal static class Fixtures
{
    internal sealed class OpensAFile : Actor
    {
        public override void Receive(ActorContext context) => File.ReadAllText(context.Message.AsString());
    }

    internal sealed class ConnectsThroughAHelper : Actor
    {
        public override void Receive(ActorContext context) => Helper.Connect(context.Message.AsString());

        private static class Helper
        {
            public static void Connect(string host)
            {
                using var client = new TcpClient();
                client.Connect(host, 80);
            }
        }
    }

    internal sealed class ReadsAVariableInALambda : Actor
    {
        public override void Receive(ActorContext context)
        {
            Func<string, string?> read = name => Environment.GetEnvironmentVariable(name);
            _ = read(context.Message.AsString()) ?? Environment.NewLine;
        }
    }

    internal sealed class StartsAProgramInAnAsyncMethod : Actor
    {
        public override void Receive(ActorContext context) => _ = StartAsync(context.Message.AsString());

        private static async Task StartAsync(string program)
        {
            await Task.Yield();
            Process.Start(program)?.Dispose();
        }
    }

    internal sealed class ReachesNothing : Actor
    {
        public override void Receive(ActorContext context) => _ = Environment.TickCount64 + context.Message.AsString().Length;
    }
}
