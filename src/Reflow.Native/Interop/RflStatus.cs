namespace Reflow.Native.Interop;

/// <summary>rfl_status of reflow.h: negative values are errors, positive ones outcomes.</summary>
internal enum RflStatus
{
    Ok = 0,
    Full = 1,
    Empty = 2,
    Timeout = 3,
    Closed = 4,
    ErrArgument = -1,
    ErrNotFound = -2,
    ErrGraph = -3,
    ErrConfig = -4,
    ErrState = -5,
    ErrKind = -6,
    ErrDuplicate = -7,
    ErrInternal = -100,
}
