using Reflow.Configuration;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Native.Interop;
using Reflow.Networks;

namespace Reflow.Native;

/// <summary>Turns whatever an export caught into its status and the thread's rfl_last_error text.</summary>
internal static class ErrorReport
{
    public static int Fail(Exception exception)
    {
        (RflStatus status, string text) = exception switch
        {
            RflException e => (e.Status, e.Message),
            GraphFormatException or GraphLoadException or NetworkValidationException or ReflowLimitException => (RflStatus.ErrGraph, exception.Message),
            ReflowConfigurationException => (RflStatus.ErrConfig, exception.Message),
            FileNotFoundException or DirectoryNotFoundException => (RflStatus.ErrNotFound, exception.Message),
            MessageFormatException => (RflStatus.ErrKind, exception.Message),
            ArgumentException => (RflStatus.ErrArgument, exception.Message),
            InvalidOperationException => (RflStatus.ErrState, exception.Message),
            _ => (RflStatus.ErrInternal, $"{exception.GetType().Name}: {exception.Message}"),
        };
        try
        {
            LastError.Set(text);
        }
        catch (OutOfMemoryException)
        {
            // the status still says what happened
        }

        return (int)status;
    }

    public static int Fail(RflStatus status, string text)
    {
        LastError.Set(text);
        return (int)status;
    }
}
