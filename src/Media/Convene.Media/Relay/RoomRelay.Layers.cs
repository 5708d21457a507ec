using Convene.Media.Routing;
using Convene.Media.Sdp;

namespace Convene.Media.Relay;

/// <summary>Simulcast layer preferences of subscribers and their transport-wide congestion control.</summary>
internal sealed partial class RoomRelay
{
    private Dictionary<(string Participant, string StreamKey), LayerPreference> _preferences = new(); // copy-on-write

    /// <inheritdoc />
    public event Action<string, int>? LayersWanted;

    /// <summary>From a publication on the loop: the number of layers wanted changed (raised off the loop).</summary>
    public void OnLayersWanted(PublishedStream stream, int layers) =>
        _events.Post(() => LayersWanted?.Invoke(stream.StreamKey, layers));

    /// <inheritdoc />
    public void SetPreferredLayer(string participant, string streamKey, LayerPreference preference)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(streamKey);
        ArgumentNullException.ThrowIfNull(preference);
        lock (_gate)
        {
            var next = new Dictionary<(string, string), LayerPreference>(_preferences);
            if (preference == LayerPreference.None)
            {
                next.Remove((participant, streamKey));
            }
            else
            {
                next[(participant, streamKey)] = preference;
            }

            Volatile.Write(ref _preferences, next);
            if (_subscriptions.TryGetValue((participant, streamKey), out var subscription))
            {
                subscription.Preference = preference; // applied by the next tick (UpdateLayers)
            }
        }
    }

    private void ForgetPreferencesLocked(string participant)
    {
        if (_preferences.Keys.Any(k => k.Participant == participant))
        {
            Volatile.Write(ref _preferences, _preferences.Where(kv => kv.Key.Participant != participant).ToDictionary());
        }
    }

    private LayerPreference GetPreferredLayer(string participant, string streamKey) =>
        Volatile.Read(ref _preferences).GetValueOrDefault((participant, streamKey)) ?? LayerPreference.None;

    /// <summary>Transport-wide congestion control for a subscriber whose offer has the transport-cc extension (id 1–14).</summary>
    private TransportWideSequencer? NewCongestionControl(SdpSessionDescription offer)
    {
        foreach (var media in offer.Media)
        {
            if (media.Port != 0 && OfferReader.ExtensionId(media, SdpExtensionUris.TransportCc) is > 0 and var id)
            {
                return new TransportWideSequencer(id, TimeProvider);
            }
        }

        return null;
    }
}
