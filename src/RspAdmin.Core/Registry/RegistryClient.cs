using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text.Json;

namespace RspAdmin.Core.Registry;

/// <summary>
/// A small client of the OCI distribution (Docker Registry HTTP API v2) protocol for one registry: tag lists
/// with pagination, manifest HEAD/GET/PUT with digest checks, blob upload, Basic and Bearer authentication
/// (see <see cref="RegistryClientOptions"/> for where credentials come from, and the class remarks of the
/// authenticator for where they go), and retries of transient failures. One keep-alive HTTP connection pool
/// per client; safe for concurrent use.
/// </summary>
/// <remarks>
/// <para>Every failure is a <see cref="RegistryException"/> whose <see cref="RegistryException.Reason"/> says why,
/// except cancellation by the caller (<see cref="OperationCanceledException"/>) and invalid arguments
/// (<see cref="ArgumentException"/>). Messages and the request log never contain credentials or tokens.</para>
/// <para>Where credentials go. They belong to the one registry the client is for, and are sent only in answer to
/// a 401 challenge from that registry's own origin (scheme, host and port): a <c>Basic</c> challenge is answered
/// to the registry; a <c>Bearer</c> challenge is answered to the token realm it names, also when the realm is on
/// another host, because the registry that owns the credentials delegated authentication there (as Docker Hub
/// does) — but only over HTTPS, or plain HTTP on loopback or with <c>AllowInsecure</c>. Tokens go only to the
/// registry's origin. Nothing that carries a secret follows a redirect, a next-page link or an upload location
/// to another origin, and challenges from other origins are never answered. A token is re-requested at most
/// once per call: a second 401 is <see cref="RegistryErrorKind.CredentialsRejected"/> (or
/// <see cref="RegistryErrorKind.AuthenticationRequired"/> without credentials).</para>
/// <para>Retries: 429 (honouring <c>Retry-After</c>), 502, 503, 504, dropped connections and per-attempt
/// time-outs are retried <see cref="RegistryClientOptions.MaxRetries"/> times with jittered exponential back-off.
/// When they run out the error is <see cref="RegistryErrorKind.RetriesExhausted"/> if the registry answered at
/// least once, <see cref="RegistryErrorKind.Unreachable"/> if it never did.</para>
/// </remarks>
public sealed class RegistryClient : IDisposable
{
    private const int MaxRedirects = 5;
    private const long MaxManifestBytes = 4 * 1024 * 1024;
    private const string JsonMediaType = "application/json";

    private readonly RegistryClientOptions _options;
    private readonly RegistryEndpoint _endpoint;
    private readonly RegistryTransport _transport;
    private readonly RegistryAuthenticator _authenticator;
    private bool _disposed;

    /// <summary>Creates a client with its own keep-alive connection pool.</summary>
    /// <exception cref="RegistryException"><see cref="RegistryErrorKind.InsecureRegistryRefused"/> for plain HTTP off loopback without <see cref="RegistryClientOptions.AllowInsecure"/>.</exception>
    public RegistryClient(RegistryClientOptions options)
        : this(null, options, disposeHandler: true)
    {
    }

    /// <summary>Creates a client over <paramref name="handler"/> (for tests and custom stacks).</summary>
    public RegistryClient(RegistryClientOptions options, HttpMessageHandler handler, bool disposeHandler = false)
        : this(handler ?? throw new ArgumentNullException(nameof(handler)), options, disposeHandler)
    {
    }

    private RegistryClient(HttpMessageHandler? handler, RegistryClientOptions options, bool disposeHandler)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRetries < 0 || options.RequestTimeout <= TimeSpan.Zero || options.MaxPages < 1)
        {
            throw new ArgumentException("MaxRetries must be at least 0, RequestTimeout positive and MaxPages at least 1.", nameof(options));
        }

        _options = options;
        _endpoint = RegistryEndpoint.Resolve(options.Registry, options.AllowInsecure);
        _transport = new RegistryTransport(handler ?? CreateHandler(_endpoint, options), disposeHandler, _endpoint.Registry, options);
        _authenticator = new RegistryAuthenticator(_endpoint, options, _transport);
    }

    /// <summary>The registry as <c>host[:port]</c>.</summary>
    public string Registry => _endpoint.Registry;

    /// <summary>The base URL, <c>http(s)://host[:port]/</c>.</summary>
    public Uri BaseAddress => _endpoint.BaseAddress;

    /// <summary>Checks that the registry speaks the v2 protocol and that we may use it (<c>GET /v2/</c>).</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, RegistryUri("v2/"), JsonMediaType, null, null, string.Empty, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, Describe(HttpMethod.Get, response), RegistryErrorKind.UnexpectedResponse, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lists every tag of <paramref name="repository"/>, following <c>Link: &lt;…&gt;; rel="next"</c> pages.
    /// Tags come in the registry's order (not sorted). A partial list is never returned: any failing page fails
    /// the whole call.
    /// </summary>
    /// <param name="repository">Repository path, e.g. <c>lsst-sqre/sciplat-lab</c>.</param>
    /// <param name="pageSize">Optional <c>n</c> (page size) sent with the first request.</param>
    /// <param name="last">Optional <c>last</c> (start after this tag) sent with the first request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="RegistryException"><see cref="RegistryErrorKind.PaginationRefused"/> for a next page on another origin or one already fetched.</exception>
    public async Task<IReadOnlyList<string>> ListTagsAsync(
        string repository, int? pageSize = null, string? last = null, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        if (pageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), "The page size must be positive.");
        }

        var query = new List<string>();
        if (pageSize is { } n)
        {
            query.Add("n=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(last))
        {
            query.Add("last=" + Uri.EscapeDataString(last));
        }

        var url = RegistryUri($"v2/{repository}/tags/list" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        var visited = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        var tags = new List<string>();
        var scope = PullScope(repository);
        for (var page = 1; ; page++)
        {
            var description = RegistryTransport.Describe(HttpMethod.Get, url);
            using var response = await SendAsync(HttpMethod.Get, url, JsonMediaType, null, null, scope, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, description, RegistryErrorKind.RepositoryNotFound, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            tags.AddRange(ReadTags(body, description));

            var next = response.Headers.NonValidated.TryGetValues("Link", out var links) ? LinkHeader.FindNext(links) : null;
            if (next is null)
            {
                return tags;
            }

            if (!Uri.TryCreate(url, next, out var nextUrl))
            {
                throw new RegistryException(RegistryErrorKind.MalformedResponse, Registry, "sent a next-page link that is not a URL.", description);
            }

            if (!_endpoint.IsSameOrigin(nextUrl))
            {
                throw new RegistryException(
                    RegistryErrorKind.PaginationRefused,
                    Registry,
                    $"pointed the next tag page at another origin ({nextUrl.GetLeftPart(UriPartial.Authority)}); it is not followed.",
                    description);
            }

            if (!visited.Add(nextUrl.AbsoluteUri))
            {
                throw new RegistryException(
                    RegistryErrorKind.PaginationRefused, Registry, $"pointed the next tag page at a page already fetched ({RegistryTransport.SafeUrl(nextUrl)}).", description);
            }

            if (page >= _options.MaxPages)
            {
                throw new RegistryException(
                    RegistryErrorKind.PaginationRefused, Registry, $"returned more than {_options.MaxPages} tag pages.", description);
            }

            url = nextUrl;
        }
    }

    /// <summary>
    /// Reads a manifest's digest, media type and size with <c>HEAD</c>. Falls back to a <c>GET</c> (whose digest
    /// is then verified) when the registry sends no <c>Docker-Content-Digest</c>, and to find out whether a
    /// missing manifest's repository exists.
    /// </summary>
    /// <param name="repository">Repository path.</param>
    /// <param name="reference">Tag or digest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ManifestDescriptor> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ValidateReference(reference);
        var url = ManifestUri(repository, reference);
        using (var response = await SendAsync(HttpMethod.Head, url, ManifestMediaTypes.AcceptHeader, null, null, PullScope(repository), cancellationToken).ConfigureAwait(false))
        {
            if (response.IsSuccessStatusCode && DigestHeader(response) is { } digest)
            {
                if (!ImageReference.IsValidDigest(digest))
                {
                    throw new RegistryException(
                        RegistryErrorKind.MalformedResponse, Registry, $"sent an invalid Docker-Content-Digest '{digest}'.", Describe(HttpMethod.Head, response));
                }

                if (IsDigest(reference) && !string.Equals(digest, reference, StringComparison.Ordinal))
                {
                    throw new RegistryException(
                        RegistryErrorKind.DigestMismatch, Registry, $"answered for {reference} with digest {digest}.", Describe(HttpMethod.Head, response));
                }

                return new ManifestDescriptor(digest, MediaTypeOf(response), response.Content.Headers.ContentLength);
            }

            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
            {
                throw await ErrorAsync(response, Describe(HttpMethod.Head, response), RegistryErrorKind.ManifestNotFound, cancellationToken).ConfigureAwait(false);
            }
        }

        // No digest header, or a 404 without a body to tell a missing repository from a missing manifest.
        var content = await GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false);
        return new ManifestDescriptor(content.Digest, content.MediaType, content.Bytes.Length);
    }

    /// <summary>
    /// Reads the digests of many manifests of one repository, at most <paramref name="maxConcurrency"/> at a
    /// time. References whose manifest does not exist are left out of the result; any other failure fails the
    /// call. <paramref name="progress"/> receives the number of references done so far.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ManifestDescriptor>> HeadManifestsAsync(
        string repository,
        IEnumerable<string> references,
        int maxConcurrency = 8,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var list = references.Distinct(StringComparer.Ordinal).ToList();
        list.ForEach(ValidateReference);
        var results = new ConcurrentDictionary<string, ManifestDescriptor>(StringComparer.Ordinal);
        var done = 0;

        async ValueTask HeadOne(string reference, CancellationToken token)
        {
            try
            {
                results[reference] = await HeadManifestAsync(repository, reference, token).ConfigureAwait(false);
            }
            catch (RegistryException ex) when (ex.Reason == RegistryErrorKind.ManifestNotFound)
            {
                // deleted since it was listed: left out
            }

            progress?.Report(Interlocked.Increment(ref done));
        }

        if (list.Count == 0)
        {
            return results;
        }

        // The first request alone, so that authentication happens once rather than once per worker.
        await HeadOne(list[0], cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(
            list.Skip(1),
            new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken },
            HeadOne).ConfigureAwait(false);
        return new Dictionary<string, ManifestDescriptor>(results, StringComparer.Ordinal);
    }

    /// <summary>
    /// Fetches a manifest exactly as stored. The body's digest is checked against <c>Docker-Content-Digest</c>
    /// and, when <paramref name="reference"/> is a digest, against it.
    /// </summary>
    public async Task<ManifestContent> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ValidateReference(reference);
        var url = ManifestUri(repository, reference);
        using var response = await SendAsync(HttpMethod.Get, url, ManifestMediaTypes.AcceptHeader, null, null, PullScope(repository), cancellationToken).ConfigureAwait(false);
        var description = Describe(HttpMethod.Get, response);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ErrorAsync(response, description, RegistryErrorKind.ManifestNotFound, cancellationToken).ConfigureAwait(false);

            // Registries (distribution 2.8 among them) answer MANIFEST_UNKNOWN for a repository that does not
            // exist at all; the tag list says NAME_UNKNOWN, which tells the two apart.
            if (error.Reason == RegistryErrorKind.ManifestNotFound && !await RepositoryExistsAsync(repository, cancellationToken).ConfigureAwait(false))
            {
                throw new RegistryException(
                    RegistryErrorKind.RepositoryNotFound,
                    Registry,
                    $"has no repository '{repository}': {(int)response.StatusCode} {response.StatusCode}.",
                    description,
                    response.StatusCode,
                    "NAME_UNKNOWN");
            }

            throw error;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.LongLength > MaxManifestBytes)
        {
            throw new RegistryException(RegistryErrorKind.MalformedResponse, Registry, $"sent a manifest larger than {MaxManifestBytes} bytes.", description);
        }

        var computed = ContentDigest.Sha256(bytes);
        var expected = DigestHeader(response) ?? (IsDigest(reference) ? reference : null);
        if (expected is not null)
        {
            var actual = ContentDigest.Compute(expected, bytes)
                ?? throw new RegistryException(RegistryErrorKind.Unsupported, Registry, $"uses the digest algorithm of '{expected}', which this client cannot check.", description);
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                throw new RegistryException(RegistryErrorKind.DigestMismatch, Registry, $"sent a manifest whose digest is {actual}, not {expected}.", description);
            }

            computed = actual;
        }

        if (IsDigest(reference) && !string.Equals(computed, reference, StringComparison.Ordinal)
            && !string.Equals(ContentDigest.Compute(reference, bytes), reference, StringComparison.Ordinal))
        {
            throw new RegistryException(RegistryErrorKind.DigestMismatch, Registry, $"answered for {reference} with a manifest of digest {computed}.", description);
        }

        var mediaType = MediaTypeOf(response) is { } type && type != JsonMediaType ? type : MediaTypeOfBody(bytes) ?? MediaTypeOf(response);
        if (mediaType is null)
        {
            throw new RegistryException(RegistryErrorKind.MalformedResponse, Registry, "sent a manifest without a media type.", description);
        }

        return new ManifestContent(bytes, mediaType, computed);
    }

    /// <summary>
    /// Stores <paramref name="content"/> as the manifest <paramref name="tag"/> (or digest) with
    /// <paramref name="mediaType"/> and returns the digest the registry reports. To retag, pass the bytes and
    /// media type of <see cref="GetManifestAsync"/> unchanged: the digest stays the same.
    /// </summary>
    /// <exception cref="RegistryException"><see cref="RegistryErrorKind.DigestMismatch"/> when the registry reports another digest than the bytes have.</exception>
    public async Task<string> PutManifestAsync(
        string repository, string tag, ReadOnlyMemory<byte> content, string mediaType, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ValidateReference(tag);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        var url = ManifestUri(repository, tag);
        var bytes = content.ToArray();
        using var response = await SendAsync(HttpMethod.Put, url, null, bytes, mediaType, PushScope(repository), cancellationToken).ConfigureAwait(false);
        var description = Describe(HttpMethod.Put, response);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, description, RegistryErrorKind.RequestRejected, cancellationToken).ConfigureAwait(false);
        }

        var computed = ContentDigest.Sha256(bytes);
        var reported = DigestHeader(response);
        if (reported is null)
        {
            return computed;
        }

        var check = ContentDigest.Compute(reported, bytes);
        if (check is not null && !string.Equals(check, reported, StringComparison.Ordinal))
        {
            throw new RegistryException(RegistryErrorKind.DigestMismatch, Registry, $"stored the manifest as {reported}, but its bytes hash to {check}.", description);
        }

        return reported;
    }

    /// <summary>True when the blob <paramref name="digest"/> exists in <paramref name="repository"/> (<c>HEAD</c>).</summary>
    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ValidateDigestArgument(digest);
        using var response = await SendAsync(HttpMethod.Head, RegistryUri($"v2/{repository}/blobs/{digest}"), null, null, null, PullScope(repository), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, Describe(HttpMethod.Head, response), RegistryErrorKind.BlobNotFound, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Uploads <paramref name="content"/> as a blob in one piece (<c>POST</c> then a monolithic <c>PUT</c>) and
    /// returns its digest.
    /// </summary>
    public async Task<string> UploadBlobAsync(string repository, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        var bytes = content.ToArray();
        var digest = ContentDigest.Sha256(bytes);
        var scope = PushScope(repository);
        var start = RegistryUri($"v2/{repository}/blobs/uploads/");
        Uri location;
        using (var response = await SendAsync(HttpMethod.Post, start, null, [], "application/octet-stream", scope, cancellationToken).ConfigureAwait(false))
        {
            var description = Describe(HttpMethod.Post, response);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, description, RegistryErrorKind.RequestRejected, cancellationToken).ConfigureAwait(false);
            }

            var header = response.Headers.Location
                ?? throw new RegistryException(RegistryErrorKind.MalformedResponse, Registry, "started an upload without a Location.", description);
            location = header.IsAbsoluteUri ? header : new Uri(start, header);
        }

        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var target = new Uri(location.AbsoluteUri + separator + "digest=" + Uri.EscapeDataString(digest));
        using (var response = await SendAsync(HttpMethod.Put, target, null, bytes, "application/octet-stream", scope, cancellationToken).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, Describe(HttpMethod.Put, response), RegistryErrorKind.RequestRejected, cancellationToken).ConfigureAwait(false);
            }
        }

        return digest;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _authenticator.Dispose();
        _transport.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, Uri url, string? accept, byte[]? content, string? contentType, string scope, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sameOrigin = _endpoint.IsSameOrigin(url);
        var authorization = sameOrigin ? _authenticator.GetCached(scope) : null;
        var authenticated = false;
        var redirects = 0;
        while (true)
        {
            var target = url;
            var header = authorization;
            var response = await _transport.SendAsync(
                () =>
                {
                    var request = new HttpRequestMessage(method, target);
                    if (accept is not null)
                    {
                        request.Headers.Accept.ParseAdd(accept);
                    }

                    request.Headers.Authorization = header;
                    if (content is not null)
                    {
                        request.Content = new ByteArrayContent(content);
                        if (contentType is not null)
                        {
                            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                        }
                    }

                    return request;
                },
                RegistryTransport.Describe(method, target),
                cancellationToken).ConfigureAwait(false);

            if (response.StatusCode == HttpStatusCode.Unauthorized && sameOrigin)
            {
                var description = RegistryTransport.Describe(method, target);
                if (authenticated)
                {
                    response.Dispose();
                    throw _authenticator.Rejected(description, anonymous: !_authenticator.HasCredentials);
                }

                try
                {
                    authorization = await _authenticator.AuthenticateAsync(response, scope, header, description, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    response.Dispose();
                }

                authenticated = true;
                continue;
            }

            if (IsRedirect(response.StatusCode) && (method == HttpMethod.Get || method == HttpMethod.Head) && response.Headers.Location is { } location)
            {
                if (++redirects > MaxRedirects)
                {
                    return response;
                }

                response.Dispose();
                url = location.IsAbsoluteUri ? location : new Uri(target, location);
                if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
                {
                    throw new RegistryException(RegistryErrorKind.MalformedResponse, Registry, "redirected to a URL that is not http(s).", RegistryTransport.Describe(method, target));
                }

                if (!RegistryEndpoint.IsAcceptableTransport(url, _options.AllowInsecure) && target.Scheme == Uri.UriSchemeHttps)
                {
                    throw new RegistryException(RegistryErrorKind.InsecureRegistryRefused, Registry, "redirected from HTTPS to plain HTTP.", RegistryTransport.Describe(method, target));
                }

                // Credentials and tokens never follow a redirect to another origin.
                sameOrigin = _endpoint.IsSameOrigin(url);
                authorization = sameOrigin ? authorization : null;
                continue;
            }

            return response;
        }
    }

    private async Task<bool> RepositoryExistsAsync(string repository, CancellationToken cancellationToken)
    {
        var url = RegistryUri($"v2/{repository}/tags/list?n=1");
        using var response = await SendAsync(HttpMethod.Get, url, JsonMediaType, null, null, PullScope(repository), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            return true; // present, or not something this probe can judge: keep the original error
        }

        var body = RegistryErrorBody.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return body.Code is not null && body.Kind != RegistryErrorKind.RepositoryNotFound;
    }

    private async Task<RegistryException> ErrorAsync(
        HttpResponseMessage response, string description, RegistryErrorKind notFoundKind, CancellationToken cancellationToken)
    {
        var body = RegistryErrorBody.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        var status = response.StatusCode;
        var kind = body.Kind ?? status switch
        {
            HttpStatusCode.NotFound => notFoundKind,
            HttpStatusCode.Unauthorized => _authenticator.HasCredentials ? RegistryErrorKind.CredentialsRejected : RegistryErrorKind.AuthenticationRequired,
            HttpStatusCode.Forbidden => RegistryErrorKind.AccessDenied,
            HttpStatusCode.BadRequest => RegistryErrorKind.RequestRejected,
            HttpStatusCode.MethodNotAllowed => RegistryErrorKind.Unsupported,
            _ => RegistryErrorKind.UnexpectedResponse,
        };

        var what = kind switch
        {
            RegistryErrorKind.RepositoryNotFound => "has no such repository",
            RegistryErrorKind.ManifestNotFound => "has no such manifest",
            RegistryErrorKind.BlobNotFound => "has no such blob",
            RegistryErrorKind.AccessDenied => "denied access",
            RegistryErrorKind.RequestRejected => "rejected the request",
            RegistryErrorKind.Unsupported => "does not support the request",
            _ => "answered unexpectedly",
        };

        var summary = body.Summary is { } s ? $" [{s}]" : string.Empty;
        return new RegistryException(kind, Registry, $"{what}: {(int)status} {status}{summary}.", description, status, body.Code);
    }

    private IEnumerable<string> ReadTags(byte[] body, string description)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("sent a tag list that is not a JSON object.", description);
            }

            if (!root.TryGetProperty("tags", out var tags) || tags.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (tags.ValueKind != JsonValueKind.Array)
            {
                throw Malformed("sent a tag list whose 'tags' is not an array.", description);
            }

            var list = new List<string>(tags.GetArrayLength());
            foreach (var tag in tags.EnumerateArray())
            {
                if (tag.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(tag.GetString()))
                {
                    throw Malformed("sent a tag list with an entry that is not a tag name.", description);
                }

                list.Add(tag.GetString()!);
            }

            return list;
        }
        catch (JsonException ex)
        {
            throw new RegistryException(
                RegistryErrorKind.MalformedResponse, Registry, "sent a tag list that is not valid JSON.", description, innerException: ex);
        }
    }

    private RegistryException Malformed(string message, string description) =>
        new(RegistryErrorKind.MalformedResponse, Registry, message, description);

    private static string? MediaTypeOfBody(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? MediaTypeOf(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    private static string? DigestHeader(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static string Describe(HttpMethod method, HttpResponseMessage response) =>
        RegistryTransport.Describe(method, response.RequestMessage?.RequestUri ?? new Uri("about:blank"));

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool IsDigest(string reference) => reference.Contains(':');

    private static string PullScope(string repository) => $"repository:{repository}:pull";

    private static string PushScope(string repository) => $"repository:{repository}:pull,push";

    private Uri RegistryUri(string relative) => new(_endpoint.BaseAddress, relative);

    private Uri ManifestUri(string repository, string reference) => RegistryUri($"v2/{repository}/manifests/{reference}");

    private static void ValidateRepository(string repository)
    {
        if (!ImageReference.IsValidRepository(repository))
        {
            throw new ArgumentException($"'{repository}' is not a repository name.", nameof(repository));
        }
    }

    private static void ValidateReference(string reference)
    {
        if (!ImageReference.IsValidTag(reference) && !ImageReference.IsValidDigest(reference))
        {
            throw new ArgumentException($"'{reference}' is neither a tag nor a digest.", nameof(reference));
        }
    }

    private static void ValidateDigestArgument(string digest)
    {
        if (!ImageReference.IsValidDigest(digest))
        {
            throw new ArgumentException($"'{digest}' is not a digest.", nameof(digest));
        }
    }

    private static SocketsHttpHandler CreateHandler(RegistryEndpoint endpoint, RegistryClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = options.RequestTimeout,
        };

        if (endpoint.SkipCertificateValidation)
        {
            // Only the registry's own host is exempt; a token realm elsewhere is still validated.
            var host = endpoint.BaseAddress.IdnHost;
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                errors == SslPolicyErrors.None
                || (sender is SslStream stream && string.Equals(stream.TargetHostName, host, StringComparison.OrdinalIgnoreCase));
        }

        return handler;
    }
}
