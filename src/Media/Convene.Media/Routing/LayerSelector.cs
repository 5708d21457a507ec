namespace Convene.Media.Routing;

/// <summary>
/// Chooses the simulcast layer one subscriber receives from what its link can carry (a bandwidth budget from
/// <see cref="BandwidthEstimator"/>) and the layers it may take. Layers are indexed lowest first. The rule, with
/// hysteresis so the picture does not flap:
/// <list type="bullet">
/// <item>down at once: the highest eligible layer at or below the current one whose bitrate fits the budget;</item>
/// <item>up only when a higher eligible layer fits with <see cref="UpMargin"/> to spare, continuously for
/// <see cref="UpHold"/> (the first choice, before any layer was chosen, is taken at once);</item>
/// <item>audio only (<see cref="AudioOnly"/>) when not even the lowest eligible layer fits: a subscriber that cannot
/// take any layer gets no video rather than a frozen picture, and gets it back like any other step up.</item>
/// </list>
/// The switch itself happens on the new layer's keyframe (<see cref="DownTrack"/>). Not thread-safe: one caller (the
/// relay's timer on the socket loop). No allocation.
/// </summary>
public sealed class LayerSelector
{
    /// <summary>The result meaning "forward no video".</summary>
    public const int AudioOnly = -1;

    /// <summary>The result before any layer is eligible.</summary>
    public const int None = -2;

    private int _current = None;
    private int _upCandidate = None;
    private TimeSpan _upSince;

    /// <summary>How long a higher layer must keep fitting before the subscriber moves up (default 2 s).</summary>
    public TimeSpan UpHold { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A higher layer must fit <c>bitrate × UpMargin ≤ budget</c> to move up (default 1.2).</summary>
    public double UpMargin { get; init; } = 1.2;

    /// <summary>The last choice: a layer index, <see cref="AudioOnly"/> or <see cref="None"/>.</summary>
    public int Current => _current;

    /// <summary>
    /// Chooses a layer. <paramref name="budgetBps"/> is what the subscriber's link can take for this video
    /// (<see cref="long.MaxValue"/> when unknown); <paramref name="now"/> is any monotonic clock.
    /// </summary>
    public int Select(ReadOnlySpan<LayerCandidate> layers, long budgetBps, TimeSpan now)
    {
        int fitting = None; // the highest eligible layer that fits the budget (no margin)
        int fittingUp = None; // the highest eligible layer that fits with the up margin
        int lowest = None;
        for (int i = 0; i < layers.Length; i++)
        {
            if (!layers[i].Eligible)
            {
                continue;
            }

            lowest = lowest == None ? i : lowest;
            long bitrate = layers[i].BitrateBps;
            if (bitrate <= budgetBps)
            {
                fitting = i;
            }

            if (bitrate == 0 || bitrate * UpMargin <= budgetBps)
            {
                fittingUp = i;
            }
        }

        if (lowest == None)
        {
            _upCandidate = None;
            return _current = None; // nothing flows (yet): keep whatever the down-track has
        }

        if (_current == None)
        {
            _upCandidate = None;
            return _current = fitting == None ? AudioOnly : fitting;
        }

        // Down (or sideways, when the current layer is no longer eligible): at once.
        int atOrBelow = HighestFitting(layers, budgetBps, Math.Min(_current, layers.Length - 1));
        if (_current >= 0 && (_current >= layers.Length || !layers[_current].Eligible || layers[_current].BitrateBps > budgetBps))
        {
            _upCandidate = None;
            return _current = atOrBelow == None ? (fitting == None ? AudioOnly : fitting) : atOrBelow;
        }

        // Up: the target must keep fitting with margin for UpHold.
        if (fittingUp > _current)
        {
            if (_upCandidate == None || fittingUp < _upCandidate)
            {
                _upCandidate = fittingUp;
                _upSince = now;
            }
            else if (fittingUp > _upCandidate)
            {
                _upCandidate = fittingUp; // a still higher layer fits: keep the clock of the first step
            }

            if (now - _upSince >= UpHold)
            {
                _current = _upCandidate;
                _upCandidate = None;
            }
        }
        else
        {
            _upCandidate = None;
        }

        return _current;
    }

    private static int HighestFitting(ReadOnlySpan<LayerCandidate> layers, long budgetBps, int atMost)
    {
        for (int i = atMost; i >= 0; i--)
        {
            if (layers[i].Eligible && layers[i].BitrateBps <= budgetBps)
            {
                return i;
            }
        }

        return None;
    }
}
