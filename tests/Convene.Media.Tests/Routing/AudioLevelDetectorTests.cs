using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

public sealed class AudioLevelDetectorTests
{
    private readonly List<(bool Talking, TimeSpan At)> _changes = [];
    private TimeSpan _now;

    private AudioLevelDetector Create() => new(talking => _changes.Add((talking, _now)));

    private void Feed(AudioLevelDetector detector, byte level, TimeSpan duration)
    {
        TimeSpan end = _now + duration;
        for (; _now < end; _now += TimeSpan.FromMilliseconds(20))
        {
            detector.Feed(level, _now);
        }
    }

    [Fact]
    public void FiresTalking_ThenSilent_WithinBounds()
    {
        AudioLevelDetector detector = Create();
        Feed(detector, 127, TimeSpan.FromSeconds(1));
        Assert.Empty(_changes);

        TimeSpan start = _now;
        Feed(detector, 30, TimeSpan.FromSeconds(2));
        var (talking, at) = Assert.Single(_changes);
        Assert.True(talking);
        Assert.InRange(at - start, AudioLevelDetector.StartAfter, TimeSpan.FromMilliseconds(500));

        TimeSpan stop = _now;
        Feed(detector, 127, TimeSpan.FromSeconds(1));
        Assert.Equal(2, _changes.Count);
        Assert.False(_changes[1].Talking);
        Assert.InRange(_changes[1].At - stop, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void ShortBurst_AndShortPause_DoNotFlap()
    {
        AudioLevelDetector detector = Create();
        Feed(detector, 20, TimeSpan.FromMilliseconds(100)); // a click
        Feed(detector, 127, TimeSpan.FromMilliseconds(500));
        Assert.Empty(_changes);

        Feed(detector, 35, TimeSpan.FromSeconds(1));
        Feed(detector, 127, TimeSpan.FromMilliseconds(200)); // breath
        Feed(detector, 35, TimeSpan.FromSeconds(1));
        var change = Assert.Single(_changes);
        Assert.True(change.Talking);
    }

    [Fact]
    public void BackgroundNoise_BelowThreshold_IsNotTalking()
    {
        AudioLevelDetector detector = Create();
        Feed(detector, 70, TimeSpan.FromSeconds(3)); // −70 dBov
        Assert.Empty(_changes);
        Assert.False(detector.IsTalking);
    }

    [Fact]
    public void PacketsStopping_EndsTalkingOnUpdate()
    {
        AudioLevelDetector detector = Create();
        Feed(detector, 30, TimeSpan.FromSeconds(1));
        Assert.True(detector.IsTalking);
        TimeSpan last = _now;
        for (int i = 1; i <= 10 && detector.IsTalking; i++)
        {
            _now = last + TimeSpan.FromMilliseconds(100 * i);
            detector.Update(_now);
        }

        Assert.False(detector.IsTalking);
        Assert.InRange(_changes[^1].At - last, AudioLevelDetector.StopAfter, TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Router_FeedsDetector_FromAudioLevelExtension()
    {
        var time = new ManualTimeProvider();
        using var router = new MediaRouter(new RouterOptions(), time);
        TrackReceiver track = router.AddTrack(
            new TrackInfo(Packets.AudioSsrc, MediaKind.Audio, MediaCodec.Opus, Packets.AudioPt, 48000, AudioLevelExtensionId: 1),
            new RecordingSender());
        var changes = new List<bool>();
        track.AudioLevel = new AudioLevelDetector(changes.Add);

        for (int i = 0; i < 25; i++)
        {
            router.HandleRtp(Packets.Audio((ushort)i, (uint)(960 * i), level: 25));
            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal([true], changes);
    }
}
