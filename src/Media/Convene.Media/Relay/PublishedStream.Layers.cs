using Convene.Media.Routing;

namespace Convene.Media.Relay;

/// <summary>
/// Per-subscriber simulcast layer choice: each subscriber gets the highest flowing layer that the publisher's
/// <see cref="MediaLimits.MaxHeight"/> (heights learned from VP8 keyframes), the subscriber's
/// <see cref="LayerPreference"/> and its estimated bandwidth (<see cref="TransportWideSequencer"/>) allow, through its
/// <see cref="LayerSelector"/>. The lowest flowing layer is always allowed by limits and preferences (the relay does
/// not transcode; the SDK caps capture); only bandwidth takes video away entirely (audio only).
/// </summary>
internal sealed partial class PublishedStream
{
    private const int MaxLayers = 8;
    private static readonly TimeSpan _measureInterval = TimeSpan.FromMilliseconds(500);
    private readonly bool[] _layerLive;
    private readonly long[] _layerBytes;
    private readonly long[] _layerBitrates;
    private long _audioBytes;
    private long _audioBitrate;
    private long _lastMeasure;

    /// <summary>The measured bitrate of each layer in bit/s, lowest first (0 = not measured).</summary>
    public ReadOnlySpan<long> LayerBitrates => _layerBitrates;

    /// <summary>The simulcast layers seen so far, lowest first (null where a rid has not appeared).</summary>
    public ReadOnlySpan<TrackReceiver?> Layers => _layers;

    /// <summary>On the loop: the bitrate of each layer (and of the audio) over the last half second, smoothed.</summary>
    private void MeasureLayers()
    {
        long now = _room.TimeProvider.GetTimestamp();
        if (_lastMeasure == 0)
        {
            _lastMeasure = now;
            return;
        }

        TimeSpan elapsed = _room.TimeProvider.GetElapsedTime(_lastMeasure, now);
        if (elapsed < _measureInterval)
        {
            return;
        }

        _lastMeasure = now;
        for (int i = 0; i < _layers.Length; i++)
        {
            if (_layers[i] is { } layer)
            {
                _layerBitrates[i] = Smooth(_layerBitrates[i], layer.BytesReceived - _layerBytes[i], elapsed, _layerLive[i]);
                _layerBytes[i] = layer.BytesReceived;
            }
        }

        if (Audio is { } audio)
        {
            _audioBitrate = Smooth(_audioBitrate, audio.BytesReceived - _audioBytes, elapsed, live: true);
            _audioBytes = audio.BytesReceived;
        }
    }

    // A paused layer keeps its last bitrate: that is what it will cost when it resumes.
    private static long Smooth(long previous, long bytes, TimeSpan elapsed, bool live)
    {
        long rate = (long)(bytes * 8 / elapsed.TotalSeconds);
        return !live || rate == 0 ? previous : previous == 0 ? rate : (long)((0.6 * previous) + (0.4 * rate));
    }

    /// <summary>
    /// How many layers (lowest first) some subscriber would take if they all flowed — what the publisher should send
    /// ("dynacast"); -1 before the first report. Raised through <see cref="IRoomRelay.LayersWanted"/>: at once when it
    /// grows, after <see cref="_wantedDownHold"/> of a lower value when it shrinks.
    /// </summary>
    public int WantedLayers => _wantedReported;

    private static readonly TimeSpan _wantedDownHold = TimeSpan.FromSeconds(3);
    private int _wantedReported = -1;
    private int _wantedCandidate = -1;
    private long _wantedSince;

    /// <summary>On the loop (timer): recomputes <see cref="WantedLayers"/> and reports a settled change.</summary>
    private void UpdateWanted()
    {
        if (_simulcast is null)
        {
            return;
        }

        int maxHeight = _room.GetPublisherLimits(Publisher.Participant).MaxHeight;
        int wanted = 1; // the lowest layer always flows: a subscriber may come at any time
        foreach (var subscription in Subscriptions)
        {
            if (subscription.VideoOptions is not null)
            {
                wanted = Math.Max(wanted, WantedBy(subscription, maxHeight));
            }
        }

        long now = _room.TimeProvider.GetTimestamp();
        if (wanted > _wantedReported)
        {
            Report(wanted);
        }
        else if (wanted < _wantedReported)
        {
            if (wanted != _wantedCandidate)
            {
                _wantedCandidate = wanted;
                _wantedSince = now;
            }
            else if (_room.TimeProvider.GetElapsedTime(_wantedSince, now) >= _wantedDownHold)
            {
                Report(wanted);
            }
        }
        else
        {
            _wantedCandidate = -1;
        }
    }

    private void Report(int wanted)
    {
        _wantedReported = wanted;
        _wantedCandidate = -1;
        _room.OnLayersWanted(this, wanted);
    }

    /// <summary>
    /// The number of layers one subscriber would use if every layer flowed: up to its preference, the publisher's
    /// height limit (known heights; a layer never seen counts, so that it can start) and its bandwidth budget (the
    /// last measured bitrate of a paused layer).
    /// </summary>
    private int WantedBy(Subscription subscription, int maxHeight)
    {
        LayerPreference preference = subscription.Preference;
        long budget = Budget(subscription);
        int count = 1;
        for (int i = 1; i < _layers.Length; i++)
        {
            int below = _layers[i - 1]?.FrameHeight ?? 0;
            int height = _layers[i]?.FrameHeight ?? 0;
            bool enough = (preference.ViewHeight > 0 && below >= preference.ViewHeight) || (maxHeight > 0 && below >= maxHeight);
            if (enough || (preference.MaxLayer >= 0 && i > preference.MaxLayer) || (maxHeight > 0 && height > maxHeight)
                || _layerBitrates[i] > budget)
            {
                break;
            }

            count = i + 1;
        }

        return count;
    }

    /// <summary>On the loop: applies each subscriber's layer choice.</summary>
    private void ReselectAll()
    {
        if (_simulcast is null)
        {
            return;
        }

        // Seconds as a double: ticks × TicksPerSecond would overflow a long for nanosecond timestamps.
        TimeSpan now = TimeSpan.FromSeconds((double)_room.TimeProvider.GetTimestamp() / _room.TimeProvider.TimestampFrequency);
        int maxHeight = _room.GetPublisherLimits(Publisher.Participant).MaxHeight;
        foreach (var subscription in Subscriptions)
        {
            Reselect(subscription, maxHeight, now);
        }
    }

    private void Reselect(Subscription subscription, int maxHeight, TimeSpan now)
    {
        if (subscription.Video is not { } downTrack || _layers.Length > MaxLayers)
        {
            return;
        }

        Span<LayerCandidate> candidates = stackalloc LayerCandidate[_layers.Length];
        Fill(candidates, subscription.Preference, maxHeight);
        int target = subscription.Layers.Select(candidates, Budget(subscription), now);
        if (target == LayerSelector.None)
        {
            return;
        }

        if (target == LayerSelector.AudioOnly)
        {
            subscription.SuspendVideo(true, this, _room.Settings);
            return;
        }

        TrackReceiver receiver = _layers[target]!;
        bool switchNeeded = downTrack.Receiver == receiver ? downTrack.PendingReceiver is not null : downTrack.PendingReceiver != receiver;
        if (switchNeeded)
        {
            subscription.SwitchVideo(_room.Router, receiver); // before resuming: video restarts on the chosen layer's keyframe
        }

        subscription.SuspendVideo(false, this, _room.Settings);
    }

    /// <summary>The layer a new subscription starts on: the highest allowed, or null before any layer flows.</summary>
    private TrackReceiver? InitialLayer(Subscription subscription)
    {
        if (_layers.Length > MaxLayers)
        {
            return null;
        }

        Span<LayerCandidate> candidates = stackalloc LayerCandidate[_layers.Length];
        Fill(candidates, subscription.Preference, _room.GetPublisherLimits(Publisher.Participant).MaxHeight);
        for (int i = candidates.Length - 1; i >= 0; i--)
        {
            if (candidates[i].Eligible)
            {
                return _layers[i];
            }
        }

        return null;
    }

    /// <summary>What the subscriber's link can take for this video, bit/s: its estimate minus the audio; unknown = no limit.</summary>
    private long Budget(Subscription subscription)
    {
        if (subscription.Peer.Congestion is not { FeedbackCount: > 0 } congestion)
        {
            return long.MaxValue;
        }

        long budget = congestion.Estimator.EstimateBps;
        if (subscription.Audio is { IsPaused: false })
        {
            budget -= _audioBitrate;
        }

        return Math.Max(0, budget);
    }

    private void Fill(Span<LayerCandidate> candidates, LayerPreference preference, int maxHeight)
    {
        int lowest = -1;
        for (int i = 0; i < _layers.Length && lowest < 0; i++)
        {
            lowest = _layers[i] is not null && _layerLive[i] ? i : -1;
        }

        int viewCeiling = int.MaxValue;
        for (int i = 0; i < _layers.Length; i++)
        {
            TrackReceiver? layer = _layers[i];
            bool eligible = layer is not null && _layerLive[i] && i <= viewCeiling
                && (i == lowest || ((preference.MaxLayer < 0 || i <= preference.MaxLayer)
                    && (maxHeight <= 0 || (layer.FrameHeight > 0 && layer.FrameHeight <= maxHeight))));
            candidates[i] = new LayerCandidate(eligible, _layerBitrates[i]);
            if (eligible && preference.ViewHeight > 0 && layer!.FrameHeight >= preference.ViewHeight)
            {
                viewCeiling = i; // the smallest layer at least as tall as the view: nothing above it
            }
        }
    }
}
