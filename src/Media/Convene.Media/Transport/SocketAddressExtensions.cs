using System.Net;
using System.Net.Sockets;

namespace Convene.Media.Transport;

/// <summary>Allocation-aware helpers over native socket addresses.</summary>
internal static class SocketAddressExtensions
{
    /// <summary>A copy to keep as a dictionary key (the receive loop reuses its instance).</summary>
    public static SocketAddress Clone(this SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    /// <summary>Converts to an endpoint (allocates; not for the hot path).</summary>
    public static IPEndPoint ToEndPoint(this SocketAddress address)
        => (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(address);
}
