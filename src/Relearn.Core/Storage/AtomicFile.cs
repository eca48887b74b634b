namespace Relearn.Core.Storage;

/// <summary>
/// Writes a file the user named so that it appears whole or not at all (a temp file beside it, then a rename), and a
/// failure names the user's path and the reason, never the temp file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; an unwritable path is invalid input naming it.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = File.Create(temp))
            {
                await write(stream, cancellationToken);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RelearnException.Invalid($"cannot write {path}: {Reason(e, temp, path)}", e);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static string Reason(Exception e, string temp, string path) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "its folder does not exist",
        PathTooLongException => "the path is too long",
        // Other I/O messages (a full disk, a folder in the way) name the temp file; name the user's path instead.
        _ => e.Message.Replace(temp, path, StringComparison.Ordinal),
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was written there, or the folder is not ours to clean: leave it.
        }
    }
}
