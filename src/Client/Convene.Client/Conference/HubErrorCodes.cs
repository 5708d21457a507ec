namespace Convene.Client.Conference;

/// <summary>The codes of <see cref="ConferenceHubException.Code"/>.</summary>
public static class HubErrorCodes
{
    /// <summary>An argument is missing, malformed or out of range (the message names it), or the group was not joined.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>No such group, user or published stream.</summary>
    public const string NotFound = "not_found";

    /// <summary>The permission function said no (the message says why).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The request conflicts with the current state (a call that is not ringing, a user already in a call).</summary>
    public const string Conflict = "conflict";

    /// <summary>This connection sends more calls than allowed.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The server could not do it now (timeout, shutting down); try again.</summary>
    public const string Unavailable = "unavailable";
}
