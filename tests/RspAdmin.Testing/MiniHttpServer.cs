using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RspAdmin.Testing;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 with a free port: keep-alive, Content-Length bodies, and the
/// ability to reset a connection instead of answering. Enough for a token service and a fault proxy; it
/// gives the tests full control over what goes on the wire.
/// </summary>
public sealed class MiniHttpServer : IDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;
    private readonly TcpListener _listener;
    private readonly Func<MiniHttpRequest, CancellationToken, Task<MiniHttpResponse>> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    private MiniHttpServer(TcpListener listener, Func<MiniHttpRequest, CancellationToken, Task<MiniHttpResponse>> handler)
    {
        _listener = listener;
        _handler = handler;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress => new("http://" + Address + "/");

    /// <summary>Starts listening on a free loopback port.</summary>
    public static MiniHttpServer Start(Func<MiniHttpRequest, CancellationToken, Task<MiniHttpResponse>> handler)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new MiniHttpServer(listener, handler);
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = Task.Run(() => ServeConnectionAsync(socket));
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        socket.NoDelay = true;
        var token = _stopping.Token;
        using var registration = token.Register(() => socket.Dispose());
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = new BufferedReader(stream);
            while (!token.IsCancellationRequested)
            {
                var request = await ReadRequestAsync(reader, token).ConfigureAwait(false);
                if (request is null)
                {
                    return;
                }

                MiniHttpResponse response;
                try
                {
                    response = await _handler(request, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    response = MiniHttpResponse.Text(500, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"test server failure\"}]}");
                }

                if (response.ResetConnection)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                    return;
                }

                await WriteResponseAsync(stream, request, response, token).ConfigureAwait(false);
                if (string.Equals(request.Header("Connection"), "close", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            // the client went away or the server is stopping
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static async Task<MiniHttpRequest?> ReadRequestAsync(BufferedReader reader, CancellationToken token)
    {
        var requestLine = await reader.ReadLineAsync(token).ConfigureAwait(false);
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        if (parts.Length != 3)
        {
            throw new InvalidDataException("bad request line");
        }

        var headers = new List<KeyValuePair<string, string>>();
        var total = 0;
        while (true)
        {
            var line = await reader.ReadLineAsync(token).ConfigureAwait(false) ?? throw new InvalidDataException("truncated headers");
            if (line.Length == 0)
            {
                break;
            }

            total += line.Length;
            if (total > MaxHeaderBytes)
            {
                throw new InvalidDataException("headers too large");
            }

            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        var lengthText = headers.FirstOrDefault(h => string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        var body = Array.Empty<byte>();
        if (lengthText is not null && int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > 0)
        {
            body = await reader.ReadBytesAsync(length, token).ConfigureAwait(false);
        }

        return new MiniHttpRequest(parts[0], parts[1], headers, body);
    }

    private static async Task WriteResponseAsync(Stream stream, MiniHttpRequest request, MiniHttpResponse response, CancellationToken token)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(ReasonPhrase(response.StatusCode)).Append("\r\n");
        foreach (var (name, value) in response.Headers)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, "Connection", StringComparison.OrdinalIgnoreCase))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        var isHead = string.Equals(request.Method, "HEAD", StringComparison.OrdinalIgnoreCase);
        var length = isHead ? response.ContentLength ?? response.Body.Length : response.Body.Length;
        head.Append("Content-Length: ").Append(length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), token).ConfigureAwait(false);
        if (!isHead && response.Body.Length > 0)
        {
            await stream.WriteAsync(response.Body, token).ConfigureAwait(false);
        }

        await stream.FlushAsync(token).ConfigureAwait(false);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };

    /// <summary>Reads CRLF lines and exact byte counts from a stream through one buffer.</summary>
    private sealed class BufferedReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken token)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end && !await FillAsync(token).ConfigureAwait(false))
                {
                    return line.Count == 0 ? null : throw new InvalidDataException("truncated line");
                }

                var b = _buffer[_start++];
                if (b == (byte)'\n')
                {
                    if (line.Count > 0 && line[^1] == (byte)'\r')
                    {
                        line.RemoveAt(line.Count - 1);
                    }

                    return Encoding.Latin1.GetString(line.ToArray());
                }

                line.Add(b);
                if (line.Count > MaxHeaderBytes)
                {
                    throw new InvalidDataException("line too long");
                }
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count, CancellationToken token)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync(token).ConfigureAwait(false))
                {
                    throw new InvalidDataException("truncated body");
                }

                var take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }

            return result;
        }

        private async Task<bool> FillAsync(CancellationToken token)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, token).ConfigureAwait(false);
            return _end > 0;
        }
    }
}
