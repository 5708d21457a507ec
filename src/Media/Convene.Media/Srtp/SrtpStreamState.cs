namespace Convene.Media.Srtp;

/// <summary>Per-SSRC cryptographic state: rollover counter, highest sequence number, replay windows, SRTCP index.</summary>
internal sealed class SrtpStreamState
{
    public bool RtpInitialized;
    public uint Roc;
    public ushort HighestSeq;
    public ReplayWindow RtpReplay;

    public uint NextRtcpIndex;
    public ReplayWindow RtcpReplay;

    /// <summary>
    /// RFC 3711 §3.3.1 / appendix A: estimates the ROC of <paramref name="seq"/> from the highest sequence number
    /// seen (s_l) and the current ROC. Returns false when the guess would be ROC − 1 with ROC = 0.
    /// </summary>
    public bool TryEstimate(ushort seq, out uint roc, out ulong index)
    {
        if (!RtpInitialized)
        {
            roc = 0;
            index = seq;
            return true;
        }

        long v = Roc;
        if (HighestSeq < 32768)
        {
            if (seq - HighestSeq > 32768)
            {
                v = (long)Roc - 1;
            }
        }
        else if (HighestSeq - 32768 > seq)
        {
            v = (long)Roc + 1;
        }

        if (v < 0 || v > uint.MaxValue)
        {
            roc = 0;
            index = 0;
            return false;
        }

        roc = (uint)v;
        index = ((ulong)roc << 16) | seq;
        return true;
    }

    /// <summary>Advances s_l and the ROC when <paramref name="index"/> is the newest index seen.</summary>
    public void Update(ushort seq, uint roc, ulong index)
    {
        ulong highest = ((ulong)Roc << 16) | HighestSeq;
        if (!RtpInitialized || index > highest)
        {
            RtpInitialized = true;
            Roc = roc;
            HighestSeq = seq;
        }
    }
}
