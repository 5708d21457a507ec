using Convene.Grains.Groups;
using Microsoft.AspNetCore.SignalR;

namespace Convene.Gateway.Hubs;

/// <summary>Hub errors carry a code in brackets, e.g. "[forbidden] ...", which the JS SDK exposes as <c>error.code</c>.</summary>
public static class HubErrors
{
    /// <summary>An argument is missing, malformed or out of range.</summary>
    public const string BadRequest = "bad_request";
    /// <summary>No such group, or the stream is not being published.</summary>
    public const string NotFound = "not_found";
    /// <summary>The permission function refused it.</summary>
    public const string Forbidden = "forbidden";
    /// <summary>The connection sends more calls than allowed.</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>The request conflicts with the current state (e.g. a call that is not ringing, a user in another call).</summary>
    public const string Conflict = "conflict";

    /// <summary>Your member call settings do not allow that media (e.g. publishing video when only voice is allowed).</summary>
    public const string MediaNotAllowed = "media_not_allowed";
    /// <summary>The server could not do it now (timeout, shutting down).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>A hub error with a code.</summary>
    public static HubException Error(string code, string message) => new($"[{code}] {message}");

    /// <summary>A bad argument, naming it.</summary>
    public static HubException Invalid(string field, string problem) => Error(BadRequest, $"{field} {problem}");

    /// <summary>The error for a failed group operation.</summary>
    public static HubException From(GroupStatus status, string? error) => status switch
    {
        GroupStatus.NotFound => Error(NotFound, error ?? "no such group"),
        GroupStatus.Forbidden => Error(Forbidden, error ?? "not allowed"),
        GroupStatus.Invalid => Error(BadRequest, error ?? "invalid request"),
        GroupStatus.Conflict => Error(BadRequest, error ?? "conflict"),
        GroupStatus.MediaNotAllowed => Error(MediaNotAllowed, error ?? "media not allowed"),
        _ => Error(Unavailable, error ?? "failed"),
    };

    /// <summary>Throws unless <paramref name="status"/> is Ok.</summary>
    public static void ThrowIfFailed(GroupStatus status, string? error)
    {
        if (status != GroupStatus.Ok) throw From(status, error);
    }
}
