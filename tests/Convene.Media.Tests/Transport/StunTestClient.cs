using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Convene.Media.Stun;

namespace Convene.Media.Tests.Transport;

/// <summary>A loopback UDP socket acting as the browser's ICE agent in tests.</summary>
internal sealed class StunTestClient : IDisposable
{
    private readonly IPEndPoint _server;

    public StunTestClient(IPEndPoint server)
    {
        _server = server;
        Socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        Socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
    }

    public Socket Socket { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    /// <summary>A Binding request as Chromium sends it: USERNAME, ICE role, PRIORITY, MI, FINGERPRINT.</summary>
    public static byte[] BuildRequest(string username, string password, bool useCandidate = false, bool controlled = false, byte[]? transactionId = null)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunConstants.BindingRequest, transactionId ?? RandomNumberGenerator.GetBytes(12));
        writer.AddAttribute(StunAttributeType.Username, Encoding.UTF8.GetBytes(username));
        writer.AddUInt64(controlled ? StunAttributeType.IceControlled : StunAttributeType.IceControlling, 0x1234_5678_9ABC_DEF0);
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        if (useCandidate)
        {
            writer.AddFlag(StunAttributeType.UseCandidate);
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }

    public void Send(ReadOnlySpan<byte> datagram) => Socket.SendTo(datagram, SocketFlags.None, _server);

    /// <summary>Receives one datagram or fails with a message after <paramref name="timeout"/>.</summary>
    public async Task<byte[]> ReceiveAsync(TimeSpan timeout, string expected)
    {
        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var any = Socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            var result = await Socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(any, 0), cts.Token);
            return buffer[..result.ReceivedBytes];
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Expected {expected} within {timeout}; nothing arrived.");
        }
    }

    public void Dispose() => Socket.Dispose();
}
