using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Convene.Media.Tests.Network;

/// <summary>
/// A UDP socket on loopback for the proxy's tests: sends numbered datagrams (index + send timestamp in the first 12
/// bytes) and records what arrives, optionally echoing it back to the sender.
/// </summary>
internal sealed class UdpProbe : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly Task _loop;

    public UdpProbe(bool echo = false)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(() => ReceiveAsync(echo));
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public Arrival[] Arrivals => [.. _arrivals];

    public int Count => _arrivals.Count;

    /// <summary>Sends datagram number <paramref name="index"/> of <paramref name="size"/> bytes (at least 12), first byte 0x80 (RTP-like) unless given.</summary>
    public void Send(IPEndPoint to, int index, int size = 100, byte first = 0x80)
    {
        var datagram = new byte[Math.Max(12, size)];
        datagram[0] = first;
        BinaryPrimitives.WriteInt32BigEndian(datagram.AsSpan(0, 4), index & 0x00FFFFFF | first << 24);
        BinaryPrimitives.WriteInt64BigEndian(datagram.AsSpan(4, 8), Stopwatch.GetTimestamp());
        _socket.SendTo(datagram, to);
    }

    /// <summary>Waits until <paramref name="count"/> datagrams arrived (or fails saying how many did).</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout, Func<string> context)
    {
        var watch = Stopwatch.StartNew();
        while (_arrivals.Count < count)
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Expected {count} datagrams within {timeout}; {_arrivals.Count} arrived.\n{context()}");
            }

            await Task.Delay(10);
        }
    }

    private async Task ReceiveAsync(bool echo)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any);
            }
            catch (SocketException ex) when (ex.SocketErrorCode != SocketError.OperationAborted)
            {
                continue;
            }
            catch (Exception)
            {
                return;
            }

            long now = Stopwatch.GetTimestamp();
            int index = BinaryPrimitives.ReadInt32BigEndian(buffer) & 0x00FFFFFF;
            long sent = BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(4));
            _arrivals.Enqueue(new Arrival(index, result.ReceivedBytes, Stopwatch.GetElapsedTime(sent, now), now, (IPEndPoint)result.RemoteEndPoint));
            if (echo)
            {
                await _socket.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), result.RemoteEndPoint);
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>One datagram that arrived: its index, size, one-way time, arrival timestamp and sender.</summary>
    public readonly record struct Arrival(int Index, int Size, TimeSpan Transit, long ArrivedAt, IPEndPoint From);
}
