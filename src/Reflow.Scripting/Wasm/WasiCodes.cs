namespace Reflow.Scripting.Wasm;

/// <summary>The numbers of WASI preview 1 a plugin sees: error codes, rights bits, file types, flags.</summary>
internal static class WasiCodes
{
    public const int Success = 0;
    public const int Access = 2;
    public const int BadFileDescriptor = 8;
    public const int Exists = 20;
    public const int Invalid = 28;
    public const int Io = 29;
    public const int IsDirectory = 31;
    public const int TooManyOpen = 33;
    public const int NameTooLong = 37;
    public const int NoEntry = 44;
    public const int NotDirectory = 54;
    public const int NotEmpty = 55;
    public const int SeekOnPipe = 70;
    public const int NotCapable = 76;

    public const long RightFdDatasync = 1L << 0;
    public const long RightFdRead = 1L << 1;
    public const long RightFdSeek = 1L << 2;
    public const long RightFdSync = 1L << 4;
    public const long RightFdTell = 1L << 5;
    public const long RightFdWrite = 1L << 6;
    public const long RightFdAllocate = 1L << 8;
    public const long RightPathCreateDirectory = 1L << 9;
    public const long RightPathCreateFile = 1L << 10;
    public const long RightPathOpen = 1L << 13;
    public const long RightFdReaddir = 1L << 14;
    public const long RightPathRenameSource = 1L << 16;
    public const long RightPathRenameTarget = 1L << 17;
    public const long RightPathFilestatGet = 1L << 18;
    public const long RightFdFilestatGet = 1L << 21;
    public const long RightFdFilestatSetSize = 1L << 22;
    public const long RightPathRemoveDirectory = 1L << 25;
    public const long RightPathUnlinkFile = 1L << 26;
    public const long RightsAll = (1L << 30) - 1;

    /// <summary>The rights that change a file's content: asking for any of them needs the <c>write</c> grant.</summary>
    public const long RightsWriting = RightFdDatasync | RightFdWrite | RightFdAllocate | RightFdFilestatSetSize;

    /// <summary>What an open file may be asked for when read or written.</summary>
    public const long RightsFileRead = RightFdRead | RightFdSeek | RightFdTell | RightFdFilestatGet | RightFdSync;

    public const long RightsDirectoryRead = RightPathOpen | RightFdReaddir | RightPathFilestatGet | RightFdFilestatGet;

    public const long RightsDirectoryWrite = RightPathCreateDirectory | RightPathCreateFile | RightPathRenameSource | RightPathRenameTarget
        | RightPathRemoveDirectory | RightPathUnlinkFile;

    public const byte FileTypeUnknown = 0;
    public const byte FileTypeCharacterDevice = 2;
    public const byte FileTypeDirectory = 3;
    public const byte FileTypeRegularFile = 4;
    public const byte FileTypeSymbolicLink = 7;

    public const int OpenCreate = 1;
    public const int OpenDirectory = 2;
    public const int OpenExclusive = 4;
    public const int OpenTruncate = 8;

    public const int FdFlagAppend = 1;

    public const int LookupFollowLinks = 1;
}
