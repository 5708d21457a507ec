using Convene.Gateway.Hubs;
using Convene.Grains.Calls;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Streams;

namespace Convene.Gateway.Notifications;

/// <summary>Turns grain records into what clients receive.</summary>
internal static class DtoMapper
{
    public static ParticipantDto ToDto(this StreamInfo s) =>
        new(s.Gid, s.Address, s.StreamId, s.Name, Source(s.Source), s.Audio, s.Video, s.AudioMuted, s.VideoMuted, s.Talking);

    public static ParticipantDto ToDto(this PublishedStream s, long gid) =>
        new(gid, s.Address, int.TryParse(s.StreamId, out var id) ? id : 0, s.Name, Source(s.Source), s.Audio, s.Video, false, false, false);

    public static MessageDto ToDto(this ChatMessage m) => new(m.Id, m.Gid, m.From, m.To, m.Type, m.Body, m.SentAt);

    public static SubscriberDto ToDto(this SubscriberInfo s, StreamInfo stream) => new(stream.Gid, s.Address, stream.StreamId, s.Audio, s.Video);

    public static CallDto ToDto(this CallInfo c) =>
        new(c.Id, c.Caller, c.CallerName, c.Callee, c.Video, c.State.ToString().ToLowerInvariant(), c.StartedAt, c.AnsweredAt, c.EndedAt, c.EndedBy, c.Reason);

    public static CallEventDto ToDto(this CallEvent e) =>
        new(e.Kind.ToString().ToLowerInvariant(), e.Call.ToDto(), e.PublicKey, e.AudioMuted, e.VideoMuted);

    private static string Source(StreamSource source) => source == StreamSource.Screen ? "screen" : "camera";
}
