namespace Reflow.Native.Interop;

/// <summary>rfl_kind of reflow.h: the values of <see cref="Messages.MessageKind"/>.</summary>
internal static class RflKind
{
    public const int Flow = 0;
    public const int Null = 1;
    public const int Boolean = 2;
    public const int Integer = 3;
    public const int Float = 4;
    public const int String = 5;
    public const int Bytes = 6;
    public const int Array = 7;
    public const int Object = 8;
    public const int Error = 9;
    public const int OpenBracket = 10;
    public const int CloseBracket = 11;
}
