namespace Convene.Media.Rtcp;

/// <summary>The sender information of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="Ssrc">SSRC of the sender.</param>
/// <param name="NtpTimestamp">64-bit NTP wallclock time (seconds since 1900 in the upper 32 bits).</param>
/// <param name="RtpTimestamp">The same instant in RTP timestamp units.</param>
/// <param name="PacketCount">Packets sent.</param>
/// <param name="OctetCount">Payload octets sent.</param>
public readonly record struct SenderInfo(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);
