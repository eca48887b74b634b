using System.Security.Cryptography;

namespace Relearn.Core.Storage;

/// <summary>
/// Read-only stream that hashes what passes through and, at end of stream, throws a
/// <see cref="RelearnErrorKind.Corrupt"/> <see cref="RelearnException"/> when the bytes do not hash to
/// <paramref name="expectedDigest"/>. Every <see cref="IArtifactStore"/> wraps what it reads in one, so no
/// store serves bytes it has not verified. Disposing it disposes <paramref name="inner"/>.
/// </summary>
/// <param name="inner">The stored bytes.</param>
/// <param name="expectedDigest">Their SHA-256 digest, lower-case hex.</param>
/// <param name="length">The length when <paramref name="inner"/> cannot tell it (a network stream); else null.</param>
public sealed class DigestVerifyingStream(Stream inner, string expectedDigest, long? length = null) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;
    private long _position;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => length ?? inner.Length;

    /// <summary>Bytes read so far; cannot be set.</summary>
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Observe(buffer[..read]);
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Observe(buffer.Span[..read]);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Observe(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _hash.AppendData(data);
            _position += data.Length;
        }
        else if (!_verified)
        {
            _verified = true;
            var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
            if (actual != expectedDigest)
            {
                throw new RelearnException(RelearnErrorKind.Corrupt, $"artifact {expectedDigest[..12]} is corrupt: its content hashes to {actual[..12]}");
            }
        }
        return data.Length;
    }

    /// <inheritdoc />
    public override void Flush() { }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
