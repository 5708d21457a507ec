using Convene.Media.Routing;
using Convene.Media.Sdp;

namespace Convene.Media.Relay;

/// <summary>
/// A track a publisher's offer announces. <see cref="Info"/> carries the SSRC when the offer lists it (a=ssrc); a
/// simulcast video track (RFC 8853) has none yet: its SSRC is learned from the first packet whose rid header extension
/// (RFC 8852) names one of <see cref="Rids"/>.
/// </summary>
/// <param name="Info">The track as the router needs it; <see cref="TrackInfo.Ssrc"/> is 0 while unknown.</param>
/// <param name="Rids">The simulcast layers in the offer's order (taken as lowest first), or null.</param>
/// <param name="RidExtensionId">The publisher's id of the rtp-stream-id extension, 0 without simulcast.</param>
/// <param name="Entry">The offered codec entry the answer accepted (a=rtpmap/a=fmtp), for matching subscribers' offers.</param>
/// <param name="RepairedRidExtensionId">
/// The publisher's id of repaired-rtp-stream-id (RFC 8852 §3.2) when rtx is accepted with simulcast, else 0: an RTX packet
/// of an unknown SSRC names the layer it repairs with it (<see cref="TrackInfo.RtxPayloadType"/> is then set).
/// </param>
internal sealed record PublishedTrackSpec(TrackInfo Info, IReadOnlyList<string>? Rids = null, byte RidExtensionId = 0, SdpCodec? Entry = null, byte RepairedRidExtensionId = 0);
