namespace Convene.Media.Routing;

/// <summary>
/// Whether a subscriber loses much: the share of a down-track's last <see cref="Window"/> forwarded packets that it
/// NACKed (four buckets of <see cref="Bucket"/>, looked at each time one fills), with hysteresis — high from
/// <see cref="HighShare"/>, low again under <see cref="LowShare"/> — so a link near the line does not flap. Socket
/// loop only; no allocation.
/// </summary>
internal sealed class NackedShare
{
    /// <summary>Packets per bucket.</summary>
    internal const int Bucket = 32;

    /// <summary>Packets the share is taken over.</summary>
    internal const int Window = 4 * Bucket;

    /// <summary>The share from which the link counts as lossy.</summary>
    internal const double HighShare = 0.08;

    /// <summary>The share under which a lossy link counts as clean again.</summary>
    internal const double LowShare = 0.04;

    private readonly int[] _sent = new int[4];
    private readonly int[] _nacked = new int[4];
    private int _current;

    /// <summary>True from a share of <see cref="HighShare"/> until it falls under <see cref="LowShare"/>.</summary>
    public bool High { get; private set; }

    /// <summary>Counts one forwarded packet; looks at the share when a bucket fills.</summary>
    public void OnSent()
    {
        if (++_sent[_current] < Bucket)
        {
            return;
        }

        int sent = 0, nacked = 0;
        for (int i = 0; i < _sent.Length; i++)
        {
            sent += _sent[i];
            nacked += _nacked[i];
        }

        High = High ? nacked >= LowShare * sent : nacked >= HighShare * sent;
        _current = (_current + 1) % _sent.Length;
        _sent[_current] = 0;
        _nacked[_current] = 0;
    }

    /// <summary>Counts one packet NACKed for the first time.</summary>
    public void OnNacked() => _nacked[_current]++;
}
