using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace Convene.Client.Conference;

/// <summary>The hub refused or failed a call: its error code (see <see cref="HubErrorCodes"/>) and message.</summary>
public sealed partial class ConferenceHubException : Exception
{
    /// <summary>An error of hub method <paramref name="method"/>.</summary>
    /// <param name="method">The hub method.</param>
    /// <param name="code">The error code, or null when the server sent none.</param>
    /// <param name="error">The server's message without its code.</param>
    /// <param name="inner">The SignalR exception.</param>
    public ConferenceHubException(string method, string? code, string error, Exception? inner = null)
        : base(code is null ? $"{method}: {error}" : $"{method}: [{code}] {error}", inner)
    {
        Method = method;
        Code = code;
        Error = error;
    }

    /// <summary>The hub method that failed.</summary>
    public string Method { get; }

    /// <summary>The error code (<c>bad_request</c>, <c>not_found</c>, <c>forbidden</c>, <c>rate_limited</c>, <c>unavailable</c>, …); null when the server sent none.</summary>
    public string? Code { get; }

    /// <summary>The server's message, without the code.</summary>
    public string Error { get; }

    /// <summary>The error carried by a SignalR <see cref="HubException"/> (whose message ends in "HubException: [code] message").</summary>
    /// <param name="method">The hub method.</param>
    /// <param name="e">The SignalR exception.</param>
    public static ConferenceHubException From(string method, HubException e)
    {
        var text = e.Message;
        var marker = text.IndexOf("HubException: ", StringComparison.Ordinal);
        if (marker >= 0) text = text[(marker + "HubException: ".Length)..];
        var match = CodePattern().Match(text);
        return match.Success
            ? new ConferenceHubException(method, match.Groups[1].Value, match.Groups[2].Value, e)
            : new ConferenceHubException(method, null, text, e);
    }

    [GeneratedRegex(@"^\s*\[([a-z_]+)\]\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex CodePattern();
}
