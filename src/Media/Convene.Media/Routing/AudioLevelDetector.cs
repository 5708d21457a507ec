namespace Convene.Media.Routing;

/// <summary>
/// Talking detection from RFC 6464 audio levels with hysteresis. Each level (0 = 0 dBov … 127 = −127 dBov) is
/// turned into a loudness (127 − level) and smoothed per packet with an exponential moving average
/// (<see cref="Smoothing"/> = 0.3). The smoothed loudness is "above" when the level it stands for is at least
/// <see cref="ThresholdDbov"/> (−55 dBov).
/// <list type="bullet">
/// <item>Talking starts after the smoothed level has stayed above the threshold for <see cref="StartAfter"/> (150 ms);
/// with 20 ms packets of speech at −30 dBov the callback fires about 210 ms after speech starts.</item>
/// <item>Talking stops after it has stayed below for <see cref="StopAfter"/> (400 ms), or when no packet came for
/// that long (checked in <see cref="Update"/>); the callback fires 400–420 ms after speech stops.</item>
/// </list>
/// Both are within the 500 ms bound, and pauses shorter than 400 ms inside speech do not flap the state. The
/// voice-activity bit is not used (not every sender sets it). Timestamps are monotonic and supplied by the caller.
/// </summary>
public sealed class AudioLevelDetector
{
    /// <summary>Weight of the newest sample in the moving average.</summary>
    public const double Smoothing = 0.3;

    /// <summary>Levels at or above this (in dBov, negative) count as speech.</summary>
    public const int ThresholdDbov = -55;

    /// <summary>How long the level must stay above the threshold before talking starts.</summary>
    public static readonly TimeSpan StartAfter = TimeSpan.FromMilliseconds(150);

    /// <summary>How long the level must stay below the threshold (or packets be absent) before talking stops.</summary>
    public static readonly TimeSpan StopAfter = TimeSpan.FromMilliseconds(400);

    private const double Threshold = 127 + ThresholdDbov; // as loudness (127 − level)
    private readonly Action<bool> _onChange;
    private double _smoothed;
    private TimeSpan? _aboveSince;
    private TimeSpan? _belowSince;
    private TimeSpan _lastSample;

    /// <summary>Creates a detector that calls <paramref name="onChange"/> with true when talking starts, false when it stops.</summary>
    public AudioLevelDetector(Action<bool> onChange)
    {
        _onChange = onChange;
    }

    /// <summary>Whether the source is currently considered talking.</summary>
    public bool IsTalking { get; private set; }

    /// <summary>The current smoothed level in dBov (−127 … 0).</summary>
    public double SmoothedDbov => _smoothed - 127;

    /// <summary>Feeds one RFC 6464 level (0 … 127, meaning −level dBov) received at <paramref name="now"/>.</summary>
    public void Feed(byte level, TimeSpan now)
    {
        int loudness = 127 - Math.Min((int)level, 127);
        _smoothed += (loudness - _smoothed) * Smoothing;
        _lastSample = now;
        if (_smoothed >= Threshold)
        {
            _belowSince = null;
            _aboveSince ??= now;
            if (!IsTalking && now - _aboveSince.Value >= StartAfter)
            {
                Set(true);
            }
        }
        else
        {
            _aboveSince = null;
            _belowSince ??= now;
            if (IsTalking && now - _belowSince.Value >= StopAfter)
            {
                Set(false);
            }
        }
    }

    /// <summary>Call periodically (e.g. every 100 ms): ends talking when packets stopped arriving (DTX, mute).</summary>
    public void Update(TimeSpan now)
    {
        if (IsTalking && now - _lastSample >= StopAfter)
        {
            _smoothed = 0;
            _aboveSince = null;
            _belowSince = _lastSample;
            Set(false);
        }
    }

    private void Set(bool talking)
    {
        IsTalking = talking;
        _onChange(talking);
    }
}
