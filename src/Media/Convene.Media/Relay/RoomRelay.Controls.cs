namespace Convene.Media.Relay;

/// <summary>What changes live peers of the room: muting, removing a participant, the room's settings, publishers' limits.</summary>
internal sealed partial class RoomRelay
{
    /// <inheritdoc />
    public void SetMuted(string streamKey, bool audioMuted, bool videoMuted)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(streamKey, out var stream))
            {
                return;
            }

            bool talking = stream.Audio?.AudioLevel?.IsTalking == true; // read off the loop: at worst one update late
            bool report = talking && audioMuted != stream.AudioMuted;
            stream.AudioMuted = audioMuted;
            stream.VideoMuted = videoMuted;
            foreach (var subscription in stream.Subscriptions)
            {
                subscription.ApplyPause(stream, Settings);
            }

            if (report)
            {
                _events.Post(() => TalkingChanged?.Invoke(streamKey, !audioMuted)); // a muted stream is not talking
            }
        }
    }

    /// <inheritdoc />
    public void RemoveParticipant(string participant)
    {
        var streams = new List<PublishedStream>();
        Subscription[] subscriptions;
        lock (_gate)
        {
            foreach (var stream in _streams.Values.Where(s => s.Publisher.Participant == participant).ToList())
            {
                _streams.Remove(stream.StreamKey);
                streams.Add(stream);
            }

            var keys = streams.Select(s => s.StreamKey).ToHashSet(StringComparer.Ordinal);
            subscriptions = RemoveSubscriptionsLocked(s => s.Peer.Participant == participant || keys.Contains(s.Peer.StreamKey));
            ForgetPreferencesLocked(participant);
            UpdateSnapshotsLocked();
        }

        Close(null, subscriptions);
        foreach (var stream in streams)
        {
            Close(stream, []);
        }
    }

    /// <inheritdoc />
    public void UpdateSettings(RoomMediaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            Volatile.Write(ref _settings, settings);
            foreach (var stream in _streams.Values)
            {
                foreach (var subscription in stream.Subscriptions)
                {
                    subscription.ApplyPause(stream, settings);
                }
            }
        }
    }

    /// <inheritdoc />
    public void SetPublisherLimits(string participant, MediaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(limits);
        lock (_gate)
        {
            var next = new Dictionary<string, MediaLimits>(_limits, StringComparer.Ordinal);
            if (limits == MediaLimits.None)
            {
                next.Remove(participant);
            }
            else
            {
                next[participant] = limits;
            }

            Volatile.Write(ref _limits, next);
        }
    }

    /// <inheritdoc />
    public MediaLimits GetPublisherLimits(string participant) =>
        Volatile.Read(ref _limits).GetValueOrDefault(participant) ?? MediaLimits.None;
}
