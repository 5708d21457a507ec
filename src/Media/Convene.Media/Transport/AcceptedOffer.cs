using Convene.Media.Sdp;

namespace Convene.Media.Transport;

/// <summary>The result of <see cref="MediaTransport.AcceptOffer"/>: the new peer and the answer to send back.</summary>
/// <param name="Peer">The registered peer, waiting for the browser's checks and DTLS.</param>
/// <param name="AnswerSdp">The answer SDP.</param>
/// <param name="Offer">The parsed offer (mids, SSRCs, rids, extmap ids the router needs).</param>
public sealed record AcceptedOffer(MediaPeer Peer, string AnswerSdp, SdpSessionDescription Offer);
