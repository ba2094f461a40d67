using Python.Runtime;
using Reflow.Messages;
using PyRuntime = Python.Runtime.Runtime;

namespace Reflow.Benchmarks.Python;

/// <summary>
/// B12's in-process rows: the workload's script loaded into CPython embedded in this process through pythonnet (the
/// interpreter's own libpython, found by <see cref="PythonInterpreter"/>), and its <c>process</c> called from C# as a
/// host node would: each <see cref="Message"/> converted to a Python object, the call, the answer's <c>out</c>
/// converted back to a <see cref="Message"/> and folded. <see cref="RunPerMessage"/> takes the GIL and crosses once per
/// message; <see cref="RunBatched"/> once per batch (a list in, <c>b12_inprocess.run_batch</c> calling <c>process</c>
/// per value in Python, a list back), as the worker's runner does with a batch frame.
/// </summary>
public sealed class PythonNetDirect : IDisposable
{
    private static readonly Lazy<string> s_engine = new(StartEngine);

    private readonly PyModule _scope;
    private readonly PyObject _process;
    private readonly PyObject _runBatch;
    private readonly PyObject _none;
    private readonly PyObject _bool;
    private readonly PyString _in;
    private readonly PyString _out;
    private readonly Dictionary<string, PyString> _keys = new(StringComparer.Ordinal);

    /// <summary>Starts the embedded interpreter (once per process) and loads <paramref name="scriptPath"/>.</summary>
    public PythonNetDirect(string scriptPath)
    {
        Version = s_engine.Value;
        using (Py.GIL())
        {
            _in = new PyString("in");
            _out = new PyString("out");
            _scope = Py.CreateScope("b12_" + Path.GetFileNameWithoutExtension(scriptPath));
            _scope.Exec(File.ReadAllText(scriptPath));
            _process = _scope.Get("process");
            _scope.Exec(File.ReadAllText(Path.Combine(B12Workload.ScriptDirectory, "b12_inprocess.py")));
            _runBatch = _scope.Get("run_batch");
            _none = _scope.Eval("None");
            _bool = _scope.Eval("bool");
        }
    }

    /// <summary>The embedded interpreter's version.</summary>
    public string Version { get; }

    /// <summary>One GIL acquisition and one call of <c>process</c> per message; what it answers folded into <paramref name="sum"/>.</summary>
    public void RunPerMessage(Message[] inputs, ref B12Checksum sum)
    {
        foreach (Message message in inputs)
        {
            using Py.GILState gil = Py.GIL();
            using PyObject value = ToPython(message);
            using var arguments = new PyDict();
            arguments.SetItem(_in, value);
            using PyObject result = _process.Invoke(arguments, _none);
            using PyObject output = result.GetItem(_out);
            sum.Add(ToMessage(output));
        }
    }

    /// <summary>One GIL acquisition and one call per run of up to <paramref name="batchSize"/> messages.</summary>
    public void RunBatched(Message[] inputs, int batchSize, ref B12Checksum sum)
    {
        for (int start = 0; start < inputs.Length; start += batchSize)
        {
            int end = Math.Min(inputs.Length, start + batchSize);
            using Py.GILState gil = Py.GIL();
            using var values = new PyList();
            for (int i = start; i < end; i++)
            {
                using PyObject value = ToPython(inputs[i]);
                values.Append(value);
            }

            using PyObject results = _runBatch.Invoke(_process, values);
            long count = results.Length();
            if (count != end - start)
            {
                throw new InvalidOperationException($"B12 pythonnet: run_batch answered {count} values for {end - start} messages.");
            }

            for (int i = 0; i < count; i++)
            {
                using PyObject output = results.GetItem(i);
                sum.Add(ToMessage(output));
            }
        }
    }

    public void Dispose()
    {
        using (Py.GIL())
        {
            _process.Dispose();
            _runBatch.Dispose();
            _none.Dispose();
            _bool.Dispose();
            _in.Dispose();
            _out.Dispose();
            foreach (PyString key in _keys.Values)
            {
                key.Dispose();
            }
            _scope.Dispose();
        }
    }

    private PyObject ToPython(in Message message)
    {
        if (message.TryGetInteger(out long integer))
        {
            return new PyInt(integer);
        }

        if (message.TryGetString(out string? text))
        {
            return new PyString(text);
        }

        if (message.TryGetFloat(out double number))
        {
            return new PyFloat(number);
        }

        if (message.TryGetObject(out MessageObject? entries))
        {
            var dict = new PyDict();
            foreach (KeyValuePair<string, Message> entry in entries)
            {
                using PyObject value = ToPython(entry.Value);
                dict.SetItem(Key(entry.Key), value);
            }

            return dict;
        }

        throw new InvalidOperationException($"B12 pythonnet: no conversion for {MessageText.Format(message, includeKind: true)}");
    }

    // An object's keys repeat from message to message: one Python str per distinct key, as a host's converter would keep.
    private PyString Key(string key)
    {
        if (!_keys.TryGetValue(key, out PyString? text))
        {
            if (_keys.Count >= 4096)
            {
                throw new InvalidOperationException("B12 pythonnet: more than 4096 distinct object keys; B12's messages have three.");
            }

            _keys[key] = text = new PyString(key);
        }

        return text;
    }

    private Message ToMessage(PyObject value)
    {
        if (value.IsInstance(_bool))
        {
            return Message.Boolean(value.IsTrue());
        }

        if (PyInt.IsIntType(value))
        {
            return Message.Integer(value.As<long>());
        }

        if (PyString.IsStringType(value))
        {
            return Message.String(value.As<string>());
        }

        if (PyFloat.IsFloatType(value))
        {
            return Message.Float(value.As<double>());
        }

        if (PyDict.IsDictType(value))
        {
            using var dict = new PyDict(value);
            using PyIterable keys = dict.Keys();
            var entries = new List<KeyValuePair<string, Message>>();
            foreach (PyObject key in keys)
            {
                using (key)
                {
                    using PyObject item = dict.GetItem(key);
                    entries.Add(new(key.As<string>(), ToMessage(item)));
                }
            }

            return Message.Object(entries);
        }

        throw new InvalidOperationException($"B12 pythonnet: no conversion for a Python {value.GetPythonType().Name}");
    }

    private static string StartEngine()
    {
        PythonInterpreter python = PythonInterpreter.Require();
        PyRuntime.PythonDLL = python.Library
            ?? throw new InvalidOperationException($"B12 pythonnet: {python.Executable} has no shared libpython (sysconfig LDLIBRARY is a static library); build Python with --enable-shared.");
        PythonEngine.PythonHome = python.Prefix; // the embedded interpreter's program is dotnet: without a home it finds no standard library
        PythonEngine.Initialize();
        PythonEngine.BeginAllowThreads(); // every call then takes the GIL itself, from whichever thread runs it
        return python.Version;
    }
}
