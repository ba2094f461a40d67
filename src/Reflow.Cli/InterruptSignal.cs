using System.Runtime.InteropServices;

namespace Reflow.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as two stages: the first asks a run to drain (finish what it accepted, then stop),
/// the second to stop at once. Tests raise it with <see cref="Interrupt"/> instead of a signal.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _drain = new();
    private readonly CancellationTokenSource _abort = new();
    private int _count;

    /// <summary>Cancelled on the first interrupt.</summary>
    public CancellationToken Drain => _drain.Token;

    /// <summary>Cancelled on the second interrupt.</summary>
    public CancellationToken Abort => _abort.Token;

    public void Interrupt()
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            _drain.Cancel();
        }
        else
        {
            _abort.Cancel();
        }
    }

    /// <summary>Routes SIGINT and SIGTERM here instead of ending the process, until disposed.</summary>
    public IDisposable ListenToProcessSignals()
    {
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true; // the run ends itself, after draining
            Interrupt();
        }

        return new Registrations([PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)]);
    }

    public void Dispose()
    {
        _drain.Dispose();
        _abort.Dispose();
    }

    private sealed class Registrations(PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (PosixSignalRegistration registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
