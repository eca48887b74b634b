using System.Security.Cryptography;

namespace Relearn.Core.Storage;

/// <summary>Read-only stream that hashes what passes through and fails at end of stream when the digest differs.</summary>
internal sealed class DigestVerifyingStream(Stream inner, string expectedDigest) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Observe(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Observe(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Observe(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _hash.AppendData(data);
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

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
