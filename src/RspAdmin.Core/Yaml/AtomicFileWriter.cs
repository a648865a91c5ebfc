using System.Security.Cryptography;

namespace RspAdmin.Core.Yaml;

/// <summary>
/// Replaces a file's content all at once: the new bytes go to a temporary file in the same
/// directory, are flushed to disk, take the original's permissions, and are renamed over the
/// original. On any failure the temporary file is removed and the original is untouched. A
/// symbolic link is followed, so the file it points to is replaced and the link stays.
/// </summary>
internal static class AtomicFileWriter
{
    /// <summary>SHA-256 of <paramref name="bytes"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> bytes) => SHA256.HashData(bytes);

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/> unless the file no longer holds
    /// what hashed to <paramref name="expectedHash"/> when it was read.
    /// </summary>
    /// <param name="path">The file to replace.</param>
    /// <param name="bytes">Its new content.</param>
    /// <param name="expectedHash">SHA-256 of the content it held when it was read.</param>
    /// <param name="beforeReplace">Called with the temporary file's path just before the rename (a seam for fault tests).</param>
    public static void Replace(string path, ReadOnlySpan<byte> bytes, byte[] expectedHash, Action<string>? beforeReplace = null)
    {
        var target = ResolveTarget(path);
        byte[] current;
        try
        {
            current = File.ReadAllBytes(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new YamlEditException(YamlEditReason.ChangedOnDisk, "The file can no longer be read: " + e.Message, path, innerException: e);
        }

        if (!Hash(current).AsSpan().SequenceEqual(expectedHash))
        {
            throw new YamlEditException(YamlEditReason.ChangedOnDisk, "The file changed on disk since it was read; read it again and redo the edit.", path);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".";
        var temporary = Path.Combine(directory, "." + Path.GetFileName(target) + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }

            beforeReplace?.Invoke(temporary);
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new YamlEditException(YamlEditReason.WriteFailed, "The file could not be written (left unchanged): " + e.Message, path, innerException: e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static string ResolveTarget(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the original is intact either way.
        }
    }
}
