using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// The messages waiting on the first N in-ports of a join-like component, one queue per port, until every port has
/// one: then one set (the oldest of each) is taken. Each queue holds at most a capacity, so a port that runs ahead
/// cannot fill memory.
/// </summary>
internal sealed class InputSets
{
    private readonly Queue<Message>[] _queues;
    private readonly int _capacity;
    private int _ready; // how many queues are non-empty

    public InputSets(int inputs, int capacity)
    {
        _queues = new Queue<Message>[inputs];
        for (int i = 0; i < inputs; i++)
        {
            _queues[i] = new Queue<Message>();
        }

        _capacity = capacity;
    }

    /// <summary>How many in-ports take part.</summary>
    public int Inputs => _queues.Length;

    /// <summary>How many messages wait in all queues.</summary>
    public int Held => _queues.Sum(q => q.Count);

    /// <summary>Queues <paramref name="message"/> from port <paramref name="port"/>; false when that queue is full.</summary>
    public bool TryAdd(int port, in Message message)
    {
        Queue<Message> queue = _queues[port];
        if (queue.Count >= _capacity)
        {
            return false;
        }

        if (queue.Count == 0)
        {
            _ready++;
        }

        queue.Enqueue(message);
        return true;
    }

    /// <summary>Takes the oldest message of every port into <paramref name="set"/>, if every port has one.</summary>
    public bool TryTake(Span<Message> set)
    {
        if (_ready < _queues.Length)
        {
            return false;
        }

        for (int i = 0; i < _queues.Length; i++)
        {
            set[i] = _queues[i].Dequeue();
            if (_queues[i].Count == 0)
            {
                _ready--;
            }
        }

        return true;
    }

    /// <summary>What waits where, for a report at stop ("in1: 2, in3: 1").</summary>
    public string Describe(Func<int, string> portName) =>
        string.Join(", ", _queues.Select((q, i) => (q.Count, Name: portName(i))).Where(p => p.Count > 0).Select(p => $"{p.Name}: {p.Count}"));
}
