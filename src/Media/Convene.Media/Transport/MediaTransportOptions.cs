using System.Net;

namespace Convene.Media.Transport;

/// <summary>Configuration of the per-silo UDP media port.</summary>
public sealed class MediaTransportOptions
{
    /// <summary>
    /// The address to bind; <see cref="IPAddress.Any"/> listens on every interface. Prefer the advertised
    /// address: a wildcard-bound socket answers from whatever source the route picks, and ICE discards a
    /// response whose source is not the address the check was sent to (RFC 8445 §7.2.5.2.1). Seen here:
    /// Chromium's checks to a 127.0.0.1 candidate come from eth0, and wildcard answers went out from eth0.
    /// </summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>The UDP port; 0 picks an ephemeral one (see <see cref="MediaTransport.LocalEndPoint"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// The address put in the host candidate of answers. Defaults to the bind address, or 127.0.0.1
    /// when binding to every interface.
    /// </summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>RFC 7675 §5.1: consent expires 30 s after the last valid check.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often expired peers are swept.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a DTLS handshake may run once its first datagram arrived.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Socket receive buffer size in bytes.</summary>
    public int ReceiveBufferSize { get; init; } = 4 * 1024 * 1024;
}
