namespace Reflow.Rings;

/// <summary>
/// The one padding constant every padded type in <c>Rings</c> takes its offsets from.
/// </summary>
/// <remarks>
/// 128 bytes, not 64: x64 parts (Intel's spatial prefetcher, AMD Zen's adjacent-line prefetch) pull cache
/// lines in pairs, so two hot fields 64 bytes apart can still false-share. <c>PaddingTests</c> lists every
/// padded type and checks it against this constant.
/// </remarks>
internal static class Padding
{
    /// <summary>Bytes kept free on each side of a padded hot field.</summary>
    public const int Size = 128;
}
