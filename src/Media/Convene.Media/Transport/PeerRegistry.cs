using System.Collections.Concurrent;
using System.Net;

namespace Convene.Media.Transport;

/// <summary>
/// The transport's peers, found by our ICE username fragment for STUN and by the selected remote tuple
/// for DTLS and SRTP (DESIGN §4). Lookups are allocation-free; the maps are safe for the socket loop,
/// the sweep timer and registration to use concurrently.
/// </summary>
internal sealed class PeerRegistry
{
    private const int MaxUfragChars = 256;

    private readonly ConcurrentDictionary<string, MediaPeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MediaPeer>.AlternateLookup<ReadOnlySpan<char>> _ufragLookup;
    private readonly ConcurrentDictionary<SocketAddress, MediaPeer> _byAddress = new();

    public PeerRegistry() => _ufragLookup = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _byUfrag.Count;

    public ICollection<MediaPeer> Peers => _byUfrag.Values;

    public bool TryAdd(MediaPeer peer) => _byUfrag.TryAdd(peer.Local.Ufrag, peer);

    public void Remove(MediaPeer peer)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, MediaPeer>(peer.Local.Ufrag, peer));
        if (peer.SelectedAddress is { } address)
        {
            _byAddress.TryRemove(new KeyValuePair<SocketAddress, MediaPeer>(address, peer));
        }
    }

    /// <summary>Moves the peer's entry from its previous tuple to its newly selected one.</summary>
    public void OnSelected(MediaPeer peer, SocketAddress? previous, SocketAddress selected)
    {
        if (previous is not null)
        {
            _byAddress.TryRemove(new KeyValuePair<SocketAddress, MediaPeer>(previous, peer));
        }

        _byAddress[selected] = peer;
    }

    public bool TryFindByAddress(SocketAddress remote, out MediaPeer peer) => _byAddress.TryGetValue(remote, out peer!);

    /// <summary>
    /// Finds the peer a check's USERNAME "&lt;our ufrag&gt;:&lt;their ufrag&gt;" names (RFC 8445 §7.2.2), checking
    /// the remote fragment too, without allocating.
    /// </summary>
    public bool TryFindByUsername(ReadOnlySpan<byte> username, out MediaPeer peer)
    {
        peer = null!;
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon > MaxUfragChars)
        {
            return false;
        }

        Span<char> ufrag = stackalloc char[MaxUfragChars];
        var chars = 0;
        foreach (var b in username[..colon])
        {
            if (b > 0x7F)
            {
                return false; // ice-chars are ASCII (RFC 8839 §5.4)
            }

            ufrag[chars++] = (char)b;
        }

        return _ufragLookup.TryGetValue(ufrag[..chars], out peer!)
            && username[(colon + 1)..].SequenceEqual(peer.RemoteUfragBytes)
            && !peer.IsClosed;
    }
}
