using Convene.Grains.Streams;

namespace Convene.Grains.Groups;

/// <summary>
/// The room's media relay as the group grain uses it. Until the relay is wired, offers are refused
/// with a clear error and signalling works without media.
/// </summary>
internal sealed class RoomMedia
{
    public string? Publish(StreamInfo stream, string offerSdp, out string? error)
    {
        error = "this silo has no media relay";
        return null;
    }

    public string? Subscribe(string address, string streamKey, bool audio, bool video, string offerSdp, out string? error)
    {
        error = "this silo has no media relay";
        return null;
    }

    public void Unpublish(string streamKey)
    {
    }

    public void Unsubscribe(string address, string streamKey)
    {
    }

    public void SetMuted(string streamKey, bool audioMuted, bool videoMuted)
    {
    }
}
