using System.Net;
using Convene.Media.Dtls;
using Convene.Media.Transport;

namespace Convene.Media.Tests.Transport;

/// <summary>A started transport on 127.0.0.1 with an ephemeral port, and helpers to register peers.</summary>
internal sealed class TransportFixture : IAsyncDisposable
{
    public const string RemoteUfrag = "brWs";
    public const string RemotePwd = "browserpasswordbrowser12";

    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();

    public TransportFixture(TimeProvider? time = null, ISrtpPacketHandler? handler = null, IPAddress? bind = null)
    {
        Transport = new MediaTransport(new MediaTransportOptions { BindAddress = bind ?? IPAddress.Loopback, Port = 0 }, _certificate, handler ?? new NullSrtpHandler(), time);
        Transport.Start();
    }

    public MediaTransport Transport { get; }

    public IPEndPoint EndPoint => Transport.LocalEndPoint;

    public const string RemoteFingerprint = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    public MediaPeer CreatePeer() => Transport.CreatePeer(RemoteUfrag, RemotePwd, RemoteFingerprint);

    public static string UsernameFor(MediaPeer peer) => $"{peer.Local.Ufrag}:{RemoteUfrag}";

    public async ValueTask DisposeAsync()
    {
        await Transport.DisposeAsync();
        _certificate.Dispose();
    }
}
