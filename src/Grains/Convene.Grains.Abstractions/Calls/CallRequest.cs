using Orleans.Concurrency;

namespace Convene.Grains.Calls;

/// <summary>A caller places a call.</summary>
/// <param name="Caller">The caller's address.</param>
/// <param name="Callee">The address called.</param>
/// <param name="Video">A video call (else voice only).</param>
/// <param name="MaxBitrateKbps">Cap on each side's video bitrate, sent to the publishers as REMB; 0 = the silo's default.</param>
/// <param name="PublicKey">The caller's end-to-end key share (opaque to the server, relayed to the callee as is), or null.</param>
/// <param name="Gateway">
/// The id of the gateway node the caller's connection is on; the call ends (<c>disconnected</c>) once that gateway's
/// registration with the caller's user grain expires. Null: not watched.
/// </param>
[GenerateSerializer, Immutable, Alias("convene.CallRequest")]
public sealed record CallRequest(string Caller, string Callee, bool Video, int MaxBitrateKbps, string? PublicKey, string? Gateway = null);
