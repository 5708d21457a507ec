using Convene.Media.Routing;
using Convene.Media.Rtp;

namespace Convene.Media.Relay;

/// <summary>
/// Learning a simulcast publisher's SSRCs from its packets (RFC 8852): the offer announces none, neither for the layers
/// nor for their retransmissions. A layer's first packet names its rid; an RTX packet of an SSRC not yet known names
/// the layer it repairs in repaired-rtp-stream-id (§3.2), and that SSRC is then bound to the layer's track, whose
/// <see cref="UpstreamRecovery"/> restores the originals (RFC 4588 §4).
/// </summary>
internal sealed partial class PublishedStream
{
    /// <summary>
    /// On the socket loop: registers a simulcast layer when <paramref name="packet"/> carries its rid (RFC 8852 §3) and
    /// moves the subscribers up when it is the highest so far, or a layer's RTX SSRC when it carries the layer's
    /// repaired rid (<see cref="TryLearnRepair"/>); false for rids already known and unknown SSRCs.
    /// Allocates only when a layer is learned.
    /// </summary>
    public bool TryLearn(uint ssrc, ReadOnlySpan<byte> packet)
    {
        if (_simulcast is null)
        {
            return false;
        }

        if (_simulcast.RepairedRidExtensionId != 0 && RtpHeaderExtensions.TryGet(packet, _simulcast.RepairedRidExtensionId, out ReadOnlySpan<byte> repaired))
        {
            return TryLearnRepair(ssrc, repaired);
        }

        if (!RtpHeaderExtensions.TryGet(packet, _simulcast.RidExtensionId, out ReadOnlySpan<byte> rid))
        {
            return false;
        }

        int layer = LayerOf(rid);
        if (layer < 0 || _layers[layer] is not null)
        {
            return false;
        }

        TrackReceiver receiver;
        try
        {
            receiver = Register(_simulcast.Info with { Ssrc = ssrc });
        }
        catch (MediaRelayException)
        {
            return false;
        }

        _layers[layer] = receiver;
        _layerSeen[layer] = _room.TimeProvider.GetTimestamp();
        _layerLive[layer] = true;
        if (layer > _bestLayer)
        {
            SelectLayer(layer);
        }

        return true;
    }

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
