using K4os.Compression.LZ4;

namespace Reflow.Messages;

/// <summary>Settings for a <see cref="MessageFrameCodec"/>. Immutable; derive variants with <c>with</c>.</summary>
public sealed record MessageFrameCodecOptions
{
    /// <summary>The default <see cref="CompressionThreshold"/>: 1 KiB.</summary>
    public const int DefaultCompressionThreshold = 1024;

    /// <summary>The default <see cref="MaxFrameLength"/>: 64 MiB.</summary>
    public const int DefaultMaxFrameLength = 64 * 1024 * 1024;

    /// <summary>Gets the default options.</summary>
    public static MessageFrameCodecOptions Default { get; } = new();

    /// <summary>
    /// Gets the serialized size, in bytes, from which a frame's payload is LZ4-compressed. Payloads
    /// smaller than this are stored as they are; so is any payload that compression would not shrink.
    /// Use <see cref="int.MaxValue"/> to never compress. Default: 1024.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int CompressionThreshold
    {
        get;
        init
        {
            if (value < 0)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(CompressionThreshold), value, "The compression threshold must not be negative.");
            }

            field = value;
        }
    } = DefaultCompressionThreshold;

    /// <summary>Gets the LZ4 compression level. Default: <see cref="LZ4Level.L00_FAST"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="LZ4Level"/>.</exception>
    public LZ4Level CompressionLevel
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(CompressionLevel), value, "Unknown LZ4 compression level.");
            }

            field = value;
        }
    } = LZ4Level.L00_FAST;

    /// <summary>
    /// Gets the largest payload, in bytes, that a frame may carry, both as stored and once
    /// decompressed. Decoders reject larger declared lengths before allocating anything, and encoders
    /// refuse to produce such frames. Default: 64 MiB.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1 or leaves no room for the header in a 2 GiB frame.</exception>
    public int MaxFrameLength
    {
        get;
        init
        {
            if (value < 1 || value > int.MaxValue - MessageFrameCodec.HeaderLength)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(MaxFrameLength), value, "The maximum frame length must be between 1 and 2 GiB minus the header.");
            }

            field = value;
        }
    } = DefaultMaxFrameLength;
}
