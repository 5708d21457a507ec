using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Streams;
using Orleans.Concurrency;

namespace Convene.Grains.Rooms;

/// <summary>The answer to joining a room.</summary>
/// <param name="Status">Ok, or why not; on anything but Ok nothing changed.</param>
/// <param name="Error">What was wrong, when not Ok.</param>
/// <param name="Access">What the user may do.</param>
/// <param name="Settings">The group's settings.</param>
/// <param name="Publishers">The streams being published (empty if the user may not list).</param>
/// <param name="Missed">Stored messages the user may receive that arrived since they last left (oldest first).</param>
[GenerateSerializer, Immutable, Alias("convene.RoomJoin")]
public sealed record RoomJoin(GroupStatus Status, string? Error, MemberAccess? Access, GroupSettings? Settings, StreamInfo[] Publishers, ChatMessage[] Missed)
{
    /// <summary>The raised hands in the call, in the order they were raised (empty if the user may not list).</summary>
    [Id(0)]
    public string[] RaisedHands { get; init; } = [];

    /// <summary>Whether the join succeeded.</summary>
    public bool IsOk => Status == GroupStatus.Ok;

    /// <summary>A refusal.</summary>
    public static RoomJoin Fail(GroupStatus status, string? error) => new(status, error, null, null, [], []);
}
