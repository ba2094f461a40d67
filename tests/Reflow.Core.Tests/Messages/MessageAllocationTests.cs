using System.Runtime.CompilerServices;
using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageAllocationTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void Scalar_messages_do_not_allocate()
    {
        // The first call compiles and tiers up the loop; only the second is measured.
        _ = CreateAndReadScalars(Iterations);

        long before = GC.GetAllocatedBytesForCurrentThread();
        long checksum = CreateAndReadScalars(Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotEqual(0, checksum);
        Assert.Equal(0, allocated);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long CreateAndReadScalars(int iterations)
    {
        long checksum = 0;
        for (int i = 0; i < iterations; i++)
        {
            Message boolean = Message.Boolean((i & 1) == 0);
            Message integer = Message.Integer(i);
            Message flt = Message.Float(i * 0.5);
            Message flow = Message.Flow;
            Message nul = Message.Null;

            checksum += boolean.AsBoolean() ? 1 : 0;
            checksum += integer.AsInteger();
            checksum += (long)flt.AsFloat();
            checksum += flow.IsFlow ? 1 : 0;
            checksum += nul.IsNull ? 1 : 0;
            checksum += (int)integer.Kind + (int)flt.Kind + (int)boolean.Kind + (int)nul.Kind;
            if (integer.TryGetInteger(out long value) && flt.TryGetFloat(out double d) && boolean.TryGetBoolean(out bool b))
            {
                checksum += value + (long)d + (b ? 1 : 0);
            }

            checksum += integer.Equals(Message.Integer(i)) ? 1 : 0;
            checksum += flt == Message.Float(i * 0.5) ? 1 : 0;
            checksum += boolean != Message.Boolean(false) ? 1 : 0;
            checksum += flow == nul ? 0 : 1;
            checksum += integer.Equals(flt) ? 0 : 1;
            checksum += integer.GetHashCode() & 1;
        }

        return checksum;
    }
}
