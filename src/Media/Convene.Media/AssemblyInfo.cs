// Convene.Media: the WebRTC relay (STUN/ICE-lite, DTLS-SRTP, RTP/RTCP routing, SDP).
// It references nothing else of Convene's.
