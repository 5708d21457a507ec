namespace Convene.Gateway.Apis;

/// <summary>
/// The backend API's stable, machine-readable error codes: the <c>code</c> field beside <c>error</c> in every
/// failed answer, on the <c>/api</c> envelope and on <c>/v1</c> alike. Clients branch on these; the messages may change.
/// </summary>
public static class ApiErrorCodes
{
    /// <summary>401: the app token is missing or wrong.</summary>
    public const string AuthFail = "AUTHFAIL";

    /// <summary>400: the body is not JSON, not a JSON object, too deep, or repeats a key.</summary>
    public const string BadJson = "BADJSON";

    /// <summary>400: <c>op</c> is missing or not one of the operations.</summary>
    public const string BadOp = "BADOP";

    /// <summary>400: a field is missing, of the wrong type or out of range (the message names it).</summary>
    public const string BadField = "BADFIELD";

    /// <summary>413: the body is larger than 64 KiB.</summary>
    public const string TooLarge = "TOOLARGE";

    /// <summary>404: no such user.</summary>
    public const string NoUser = "NOUSER";

    /// <summary>404: no such group (never created, or deleted).</summary>
    public const string NoGroup = "NOGROUP";

    /// <summary>403: the permission function refused the operation (the message says why).</summary>
    public const string Denied = "DENIED";

    /// <summary>409: the group already exists.</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>503: the server is busy or stopping; retry later.</summary>
    public const string Busy = "BUSY";

    /// <summary>500: an unexpected failure (logged on the server).</summary>
    public const string Internal = "INTERNAL";

    /// <summary>The code of an HTTP status when nothing more specific is known.</summary>
    public static string ForStatus(int statusCode) => statusCode switch
    {
        StatusCodes.Status401Unauthorized => AuthFail,
        StatusCodes.Status403Forbidden => Denied,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status413PayloadTooLarge => TooLarge,
        StatusCodes.Status503ServiceUnavailable => Busy,
        >= 500 => Internal,
        _ => BadField,
    };
}
