using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>What one member may publish: the room's call settings tightened by the member's own.</summary>
/// <param name="Audio">May publish voice.</param>
/// <param name="Video">May publish video.</param>
/// <param name="MaxWidth">Widest video to capture.</param>
/// <param name="MaxHeight">Tallest video to capture.</param>
/// <param name="MaxBitrateKbps">Video bitrate cap in kbit/s; 0 adaptive (no cap).</param>
/// <param name="MemberCapped">True when the member's own settings tighten the room's size or bitrate (the relay enforces them).</param>
[GenerateSerializer, Immutable, Alias("convene.CallLimits")]
public sealed record CallLimits(bool Audio, bool Video, int MaxWidth, int MaxHeight, int MaxBitrateKbps, bool MemberCapped)
{
    /// <summary>The limits of a member with <paramref name="member"/> settings in a room with <paramref name="room"/> settings.</summary>
    public static CallLimits Of(CallSettings room, MemberCallSettings? member)
    {
        member ??= MemberCallSettings.Default;
        var (width, height) = CallResolution.MaxSize(room.Resolution);
        if (member.Resolution is int resolution)
        {
            var (w, h) = CallResolution.MaxSize(resolution);
            (width, height) = (Math.Min(width, w), Math.Min(height, h));
        }
        if (member.MaxHeight > 0 && member.MaxHeight < height)
        {
            height = member.MaxHeight;
            // 16:9 at most: a 360-line cap allows 640×360, not the room's full width.
            width = Math.Min(width, (height * 16 + 8) / 9);
        }
        var bitrate = member.Bitrate <= 0 ? room.Bitrate : room.Bitrate <= 0 ? member.Bitrate : Math.Min(room.Bitrate, member.Bitrate);
        var (roomWidth, roomHeight) = CallResolution.MaxSize(room.Resolution);
        var capped = height < roomHeight || width < roomWidth || bitrate != room.Bitrate;
        return new CallLimits(room.Audio && member.Audio, room.Video && member.Video, width, height, bitrate, capped);
    }
}
