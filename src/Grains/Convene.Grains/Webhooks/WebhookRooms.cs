using System.Globalization;

namespace Convene.Grains.Webhooks;

/// <summary>
/// The <c>room</c> of a webhook event: the key its events are ordered by (events of one room are delivered in the
/// order they were raised).
/// </summary>
public static class WebhookRooms
{
    /// <summary>A group's call: <c>group:42</c>.</summary>
    public static string Group(long gid) => "group:" + gid.ToString(CultureInfo.InvariantCulture);

    /// <summary>A one-to-one call: <c>call:ID</c>.</summary>
    public static string Call(string callId) => "call:" + callId;
}
