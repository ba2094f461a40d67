using Proto;

namespace Reflow.Benchmarks.Peers.ProtoActor;

/// <summary>
/// Ping-pong between two Proto.Actor actors (<see cref="ProtoHost"/>), as Proto's in-process benchmark plays it:
/// <c>Send</c> (no request envelope) with the pinger's address inside the one reused ball.
/// </summary>
public static class ProtoPingPong
{
    /// <summary>Plays <paramref name="score"/> to the end with two new actors.</summary>
    public static async Task RunAsync(ActorSystem system, PingPongScore score)
    {
        IRootContext root = system.Root;
        PID pong = root.Spawn(ProtoHost.PropsFor(() => new Pong()));
        PID ping = root.Spawn(ProtoHost.PropsFor(() => new Ping(score, pong)));
        try
        {
            root.Send(ping, new Go());
            await score.Done.ConfigureAwait(false);
        }
        finally
        {
            root.Stop(ping);
            root.Stop(pong);
        }
    }

    private sealed record Go;

    private sealed record Ball(PID ReplyTo);

    private sealed class Ping(PingPongScore score, PID pong) : IActor
    {
        public Task ReceiveAsync(IContext context)
        {
            switch (context.Message)
            {
                case Go:
                    var ball = new Ball(context.Self);
                    score.Start();
                    for (int i = 0; i < score.Window; i++)
                    {
                        context.Send(pong, ball);
                    }

                    break;
                case Ball reply when score.OnReply():
                    context.Send(pong, reply);
                    break;
            }

            return Task.CompletedTask;
        }
    }

    private sealed class Pong : IActor
    {
        public Task ReceiveAsync(IContext context)
        {
            if (context.Message is Ball ball)
            {
                context.Send(ball.ReplyTo, ball);
            }

            return Task.CompletedTask;
        }
    }
}
