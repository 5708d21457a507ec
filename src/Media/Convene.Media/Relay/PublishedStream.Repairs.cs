using Convene.Media.Routing;

namespace Convene.Media.Relay;

/// <summary>
/// RTX for simulcast layers (RFC 4588 with RFC 8852 §3.2): the offer announces no SSRC for a layer nor for its
/// retransmissions; an RTX packet of an SSRC not yet known names the layer it repairs in repaired-rtp-stream-id, and that
/// SSRC is then bound to the layer's track, whose <see cref="UpstreamRecovery"/> restores the originals (RFC 4588 §4).
/// </summary>
internal sealed partial class PublishedStream
{
    /// <summary>Retransmissions unwrapped from the publisher's RTX streams into the simulcast layers, over all layers.</summary>
    public long LayerRtxReceived
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _layers.Length; i++)
            {
                sum += _layers[i]?.Recovery?.RtxReceived ?? 0;
            }

            return sum;
        }
    }

    /// <summary>The index of the layer named <paramref name="rid"/>, -1 for none. No allocation.</summary>
    private int LayerOf(ReadOnlySpan<byte> rid)
    {
        for (int i = 0; i < _rids.Length; i++)
        {
            if (rid.SequenceEqual(_rids[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Binds <paramref name="ssrc"/> as the RTX SSRC of the layer <paramref name="repairedRid"/> names. False while that
    /// layer's media has not been seen (nothing to repair yet: a probe's padding), or when the layer already has one.
    /// Allocates only when an SSRC is learned.
    /// </summary>
    private bool TryLearnRepair(uint ssrc, ReadOnlySpan<byte> repairedRid)
    {
        int layer = LayerOf(repairedRid);
        if (layer < 0 || _layers[layer] is not { } receiver || !_room.Router.TryAddRepair(receiver, ssrc))
        {
            return false;
        }

        lock (_lock)
        {
            _ssrcs = [.. _ssrcs, ssrc];
        }

        return true;
    }
}
