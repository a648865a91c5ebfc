using System.Buffers;
using System.Text.Json;

namespace RspAdmin.Core.Prepull;

/// <summary>
/// Reads a watch stream (one JSON event per line) into <see cref="WatchLine"/>s straight from its bytes:
/// no string per line, one pooled buffer for the whole stream, and only the fields the executor needs
/// are kept. A line that is not a watch event is reported through <see cref="Malformed"/> and passed
/// over, so one bad event does not end the watch.
/// </summary>
internal sealed class WatchStreamReader : IDisposable
{
    /// <summary>A longer line than this ends the stream with an error rather than growing the buffer further.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;

    public WatchStreamReader(Stream stream, int initialBufferSize = 16 * 1024)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialBufferSize, 256));
    }

    /// <summary>Lines passed over because they were not watch events (a description of each).</summary>
    public Action<string>? Malformed { get; init; }

    /// <summary>
    /// The next event, or null at the end of the stream. Blank lines are skipped; a line that does not
    /// parse as a watch event, or whose type is missing or unknown, is reported and skipped.
    /// </summary>
    /// <exception cref="IOException">The stream failed, or a line exceeded <see cref="MaxLineBytes"/>.</exception>
    public async ValueTask<WatchLine?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is not { } range)
            {
                return null;
            }

            if (Parse(_buffer.AsSpan(range.Start, range.Length)) is { } parsed)
            {
                return parsed;
            }
        }
    }

    /// <summary>Parses one line; null (and a report) when it is blank or not a watch event.</summary>
    internal WatchLine? Parse(ReadOnlySpan<byte> line)
    {
        line = Trim(line);
        if (line.IsEmpty)
        {
            return null;
        }

        WatchLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, WatchJsonContext.Default.WatchLine);
        }
        catch (JsonException e)
        {
            Malformed?.Invoke($"an event that is not JSON was passed over ({e.Message})");
            return null;
        }

        if (parsed?.Type is null)
        {
            Malformed?.Invoke("an event without a known type was passed over");
            return null;
        }

        if (parsed.Object is null)
        {
            Malformed?.Invoke($"a {parsed.Type} event without an object was passed over");
            return null;
        }

        return parsed;
    }

    private async ValueTask<(int Start, int Length)?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scanned + newline;
                var line = (_start, lineEnd - _start);
                _start = _scanned = lineEnd + 1;
                return line;
            }

            _scanned = _end;
            if (_eof)
            {
                if (_end > _start)
                {
                    var last = (_start, _end - _start);
                    _start = _scanned = _end;
                    return last;
                }

                return null;
            }

            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    /// <summary>Moves the unread bytes to the front, and grows the buffer when a line fills it.</summary>
    private void MakeRoom()
    {
        if (_start > 0)
        {
            var pending = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _scanned -= _start;
            _end = pending;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                throw new IOException($"A watch event is longer than {MaxLineBytes} bytes.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxLineBytes, _buffer.Length * 2));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
    {
        var start = 0;
        var end = line.Length;
        while (start < end && line[start] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            start++;
        }

        while (end > start && line[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            end--;
        }

        return line[start..end];
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, Array.Empty<byte>());
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
