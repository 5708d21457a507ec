namespace Convene.Client.Server;

/// <summary>
/// The backend API refused a request or failed: the HTTP status, the API's error code (e.g. <c>AUTHFAIL</c>,
/// <c>NOGROUP</c>, <c>BADFIELD</c>) when the server sent one, and its message, which names the offending field.
/// </summary>
public sealed class ConveneApiException : Exception
{
    /// <summary>A failure answered by the server.</summary>
    /// <param name="statusCode">The HTTP status (4xx or 5xx).</param>
    /// <param name="code">The API's error code, or null when the server sent none.</param>
    /// <param name="error">The server's message.</param>
    /// <param name="operation">The operation (<c>op</c>) that failed, when known.</param>
    public ConveneApiException(int statusCode, string? code, string error, string? operation)
        : base(code is null ? $"{operation ?? "request"} failed ({statusCode}): {error}" : $"{operation ?? "request"} failed ({statusCode} {code}): {error}")
    {
        StatusCode = statusCode;
        Code = code;
        Error = error;
        Operation = operation;
    }

    /// <summary>The HTTP status: 400 bad input, 401 wrong app token, 403 expired group, 404 unknown group or user, 409 conflict, 413 body too large, 503 busy.</summary>
    public int StatusCode { get; }

    /// <summary>The API's stable error code, or null when the server did not send one (then read <see cref="Error"/>).</summary>
    public string? Code { get; }

    /// <summary>The server's message (e.g. <c>group.flags must be an integer</c>).</summary>
    public string Error { get; }

    /// <summary>The operation that failed (<c>useradd</c>, <c>groupadd</c>, …), when known.</summary>
    public string? Operation { get; }
}
