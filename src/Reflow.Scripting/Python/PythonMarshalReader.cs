using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Reflow.Messages;

namespace Reflow.Scripting.Python;

/// <summary>
/// Reads Python marshal (version 2, the subset of <see cref="PythonMarshal"/>) from a frame's payload into messages,
/// refusing anything else with the type code, the byte offset and the path of the value. One per worker, reused:
/// its path and dict scratch space grow once.
/// </summary>
/// <remarks>
/// A tuple or list becomes an Array; a dict an Object whose keys are its str keys, or the text Python's <c>str(k)</c>
/// gives an int, bool or float key (other key types are refused). A str is decoded with replacement, as a Python str
/// may hold lone surrogates that UTF-8 cannot.
/// </remarks>
internal sealed class PythonMarshalReader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private byte[] _data = [];
    private int _position;
    private int _end;
    private int _start;
    private string _root = "$";
    private PathStep[] _path = new PathStep[16];
    private int _depth;
    private KeyValuePair<string, Message>[] _entries = new KeyValuePair<string, Message>[32];
    private int _entryCount;

    /// <summary>Starts reading <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/>; <paramref name="root"/> names the whole value in errors.</summary>
    public void Start(byte[] data, int offset, int length, string root = "$")
    {
        _data = data;
        _start = offset;
        _position = offset;
        _end = offset + length;
        _root = root;
        _depth = 0;
        _entryCount = 0;
    }

    /// <summary>Whether every byte has been read.</summary>
    public bool AtEnd => _position >= _end;

    /// <summary>The byte offset (in the payload) of the next value.</summary>
    public int Offset => _position - _start;

    /// <summary>Enters an element of a sequence, for the paths errors name.</summary>
    public void PushIndex(int index) => Push(new PathStep(null, index));

    /// <summary>Enters a dict's value.</summary>
    public void PushKey(string key) => Push(new PathStep(key, 0));

    /// <summary>Moves to element <paramref name="index"/> of the sequence last entered.</summary>
    public void SetIndex(int index) => _path[_depth - 1] = new PathStep(null, index);

    public void Pop() => _depth--;

    /// <summary>The next type code, not consumed.</summary>
    public byte PeekCode()
    {
        if (_position >= _end)
        {
            throw Fail("the data ends where a value was expected (truncated)");
        }

        return _data[_position];
    }

    /// <summary>Consumes a None when one is next.</summary>
    public bool TryReadNone()
    {
        if (PeekCode() != PythonMarshal.None)
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>A tuple's or list's header: its item count.</summary>
    public int ReadSequenceHeader()
    {
        byte code = PeekCode();
        if (code is not (PythonMarshal.Tuple or PythonMarshal.List))
        {
            throw Unexpected(code, "a tuple or list");
        }

        _position++;
        return ReadCount(1);
    }

    /// <summary>Consumes a dict's start.</summary>
    public void ReadDictStart()
    {
        byte code = PeekCode();
        if (code != PythonMarshal.Dict)
        {
            throw Unexpected(code, "a dict");
        }

        _position++;
    }

    /// <summary>The next key of a dict, or null at its end.</summary>
    public string? ReadKeyOrEnd()
    {
        if (PeekCode() == PythonMarshal.DictEnd)
        {
            _position++;
            return null;
        }

        return ReadKey();
    }

    public long ReadInteger()
    {
        byte code = PeekCode();
        return code switch
        {
            PythonMarshal.Int => ReadInt32(),
            PythonMarshal.Long => ReadLong(),
            PythonMarshal.True or PythonMarshal.False => ReadBool(code),
            _ => throw Unexpected(code, "an int"),
        };
    }

    public string ReadString()
    {
        byte code = PeekCode();
        if (code != PythonMarshal.Unicode)
        {
            throw Unexpected(code, "a str");
        }

        _position++;
        return ReadUtf8();
    }

    /// <summary>Any value of the subset, as a message.</summary>
    public Message ReadMessage() => ReadValue(0);

    private Message ReadValue(int depth)
    {
        byte code = PeekCode();
        switch (code)
        {
            case PythonMarshal.None:
                _position++;
                return Message.Null;
            case PythonMarshal.True:
                _position++;
                return Message.Boolean(true);
            case PythonMarshal.False:
                _position++;
                return Message.Boolean(false);
            case PythonMarshal.Int:
                return Message.Integer(ReadInt32());
            case PythonMarshal.Long:
                return Message.Integer(ReadLong());
            case PythonMarshal.Float:
                _position++;
                return Message.Float(BinaryPrimitives.ReadDoubleLittleEndian(Take(8)));
            case PythonMarshal.Unicode:
                _position++;
                return Message.String(ReadUtf8());
            case PythonMarshal.Bytes:
                _position++;
                int length = ReadCount(1);
                return length == 0 ? Message.FromOwnedBytes([]) : Message.FromOwnedBytes(Take(length).ToArray());
            case PythonMarshal.Tuple or PythonMarshal.List:
                return ReadArray(depth);
            case PythonMarshal.Dict:
                return ReadDict(depth);
            default:
                throw Unexpected(code, "a value of the marshal subset (None, bool, int, float, str, bytes, tuple, list, dict)");
        }
    }

    private Message ReadArray(int depth)
    {
        CheckDepth(depth);
        int count = ReadSequenceHeader();
        if (count == 0)
        {
            return Message.Array(ImmutableArray<Message>.Empty);
        }

        var items = new Message[count];
        PushIndex(0);
        for (int i = 0; i < count; i++)
        {
            _path[_depth - 1] = new PathStep(null, i);
            items[i] = ReadValue(depth + 1);
        }

        Pop();
        return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(items));
    }

    private Message ReadDict(int depth)
    {
        CheckDepth(depth);
        int offset = Offset;
        _position++;
        int first = _entryCount;
        while (ReadKeyOrEnd() is { } key)
        {
            PushKey(key);
            Message value = ReadValue(depth + 1);
            Pop();
            if (_entryCount == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            _entries[_entryCount++] = new KeyValuePair<string, Message>(key, value);
        }

        Span<KeyValuePair<string, Message>> entries = _entries.AsSpan(first, _entryCount - first);
        try
        {
            return entries.IsEmpty ? Message.Object(MessageObject.Empty) : Message.Object(MessageObject.Create(entries));
        }
        catch (ArgumentException)
        {
            throw new InvalidDataException($"Python marshal at byte {offset} ({PathText()}): a dict has two keys of the same text (a str key and an int, bool or float key that reads the same), which an object cannot hold.");
        }
        finally
        {
            entries.Clear(); // drops the references, so the scratch space keeps no message alive
            _entryCount = first;
        }
    }

    private string ReadKey()
    {
        byte code = PeekCode();
        switch (code)
        {
            case PythonMarshal.Unicode:
                _position++;
                return ReadUtf8();
            case PythonMarshal.Int:
                return ReadInt32().ToString(CultureInfo.InvariantCulture);
            case PythonMarshal.Long:
                return ReadLong().ToString(CultureInfo.InvariantCulture);
            case PythonMarshal.True or PythonMarshal.False:
                _position++;
                return code == PythonMarshal.True ? "True" : "False";
            case PythonMarshal.Float:
                _position++;
                return PythonMarshal.FloatText(BinaryPrimitives.ReadDoubleLittleEndian(Take(8)));
            default:
                throw Unexpected(code, "a dict key that is a str, int, bool or float");
        }
    }

    private long ReadBool(byte code)
    {
        _position++;
        return code == PythonMarshal.True ? 1 : 0;
    }

    private int ReadInt32()
    {
        _position++;
        return BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    }

    private long ReadLong()
    {
        int offset = Offset;
        _position++;
        long count = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        long digits = Math.Abs(count);
        if (digits * 2 > _end - _position)
        {
            throw Fail($"an int of {digits} digits runs past the end of the data (truncated)");
        }

        ReadOnlySpan<byte> span = Take((int)digits * 2);
        ulong magnitude = 0;
        for (int i = (int)digits - 1; i >= 0; i--)
        {
            ushort digit = BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..]);
            if (digit > 0x7FFF)
            {
                throw Fail($"an int digit of {digit} at byte {offset} is out of range (digits are base 2^15)");
            }

            if (magnitude > ulong.MaxValue >> PythonMarshal.LongShift)
            {
                throw TooBig(offset);
            }

            magnitude = (magnitude << PythonMarshal.LongShift) | digit;
        }

        if (count >= 0)
        {
            return magnitude <= long.MaxValue ? (long)magnitude : throw TooBig(offset);
        }

        return magnitude <= 1UL << 63 ? (long)(0 - magnitude) : throw TooBig(offset);
    }

    private string ReadUtf8()
    {
        int length = ReadCount(1);
        return length == 0 ? "" : Utf8.GetString(Take(length));
    }

    /// <summary>A count or length, checked against what is left (each element takes at least <paramref name="least"/> bytes).</summary>
    private int ReadCount(int least)
    {
        int count = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        if (count < 0 || (long)count * least > _end - _position)
        {
            throw Fail($"a length of {count} does not fit the {_end - _position} bytes left (truncated or not marshal data)");
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if (_end - _position < count)
        {
            throw Fail($"the data ends {count - (_end - _position)} bytes short of a value (truncated)");
        }

        var span = new ReadOnlySpan<byte>(_data, _position, count);
        _position += count;
        return span;
    }

    private void CheckDepth(int depth)
    {
        if (depth >= PythonMarshal.MaxDepth)
        {
            throw Fail($"values nest deeper than {PythonMarshal.MaxDepth} tuples, lists and dicts");
        }
    }

    private void Push(PathStep step)
    {
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }

        _path[_depth++] = step;
    }

    private InvalidDataException TooBig(int offset) =>
        new($"Python marshal at byte {offset} ({PathText()}): an int beyond 64 bits, which a message cannot hold (an Integer is a signed 64-bit number; send a float or a str instead)");

    private InvalidDataException Unexpected(byte code, string expected) =>
        Fail($"found type code {PythonMarshal.Describe(code)} where {expected} was expected");

    private InvalidDataException Fail(string what) => new($"Python marshal at byte {Offset} ({PathText()}): {what}.");

    private string PathText()
    {
        var text = new StringBuilder(_root);
        for (int i = 0; i < _depth; i++)
        {
            PathStep step = _path[i];
            _ = step.Key is null
                ? text.Append('[').Append(step.Index.ToString(CultureInfo.InvariantCulture)).Append(']')
                : text.Append('.').Append(step.Key);
        }

        return text.ToString();
    }

    private readonly record struct PathStep(string? Key, int Index);
}
