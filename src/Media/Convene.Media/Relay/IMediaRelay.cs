namespace Convene.Media.Relay;

/// <summary>
/// The silo's media relay (DESIGN.md §4): one UDP port and one DTLS certificate shared by every room. The only media
/// surface the grain layer sees, together with <see cref="IRoomRelay"/>.
/// </summary>
public interface IMediaRelay : IAsyncDisposable
{
    /// <summary>What the relay received, forwarded and dropped; rooms and peers.</summary>
    MediaRelayCounters Counters { get; }

    /// <summary>
    /// Gets the room's relay, creating it with <paramref name="settings"/> when it is not open (an open room keeps its
    /// settings; change them with <see cref="IRoomRelay.UpdateSettings"/>). Thread-safe.
    /// </summary>
    IRoomRelay OpenRoom(string roomId, RoomMediaSettings settings);
}
