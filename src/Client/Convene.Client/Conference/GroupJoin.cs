namespace Convene.Client.Conference;

/// <summary>The answer to joining a group call: what you may do, the room's media limits, who publishes and the messages you missed.</summary>
/// <param name="Gid">The group.</param>
/// <param name="Name">The group's name.</param>
/// <param name="Flags">The group's flags.</param>
/// <param name="CanSend">You may send messages.</param>
/// <param name="CanReceive">You receive messages.</param>
/// <param name="CanPublish">You may publish streams.</param>
/// <param name="CanSubscribe">You may subscribe to streams.</param>
/// <param name="CanList">You may list the publishers (and get publisher events).</param>
/// <param name="Audio">The room allows audio.</param>
/// <param name="Video">The room allows video.</param>
/// <param name="ScreenSharing">The room allows screen sharing.</param>
/// <param name="MaxWidth">The widest video publishers may capture.</param>
/// <param name="MaxHeight">The tallest video publishers may capture.</param>
/// <param name="MaxBitrateKbps">The room's bitrate cap in kbit/s; 0 adaptive.</param>
/// <param name="Publishers">The streams being published (empty unless you may list).</param>
/// <param name="Messages">The group messages you missed while offline.</param>
public sealed record GroupJoin(
    long Gid, string Name, int Flags, bool CanSend, bool CanReceive, bool CanPublish, bool CanSubscribe, bool CanList,
    bool Audio, bool Video, bool ScreenSharing, int MaxWidth, int MaxHeight, int MaxBitrateKbps,
    IReadOnlyList<Participant> Publishers, IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>The raised hands, in the order they were raised (empty unless you may list).</summary>
    public IReadOnlyList<string> RaisedHands { get; init; } = [];
}
