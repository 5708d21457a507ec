using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Convene.Media.Transport;

namespace Convene.Media.Tests.Transport;

/// <summary>Batched sends (sendmmsg on Linux, one sendto each elsewhere) over real loopback sockets.</summary>
public sealed class DatagramBatchTests
{
    private const int Receivers = 3;
    private const int PacketsPerReceiver = 40;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_batch_delivers_every_datagram_to_every_receiver_in_order(bool useSendMmsg)
    {
        using var sender = Bound();
        var receivers = Enumerable.Range(0, Receivers).Select(_ => Bound()).ToArray();
        var targets = receivers.Select(r => ((IPEndPoint)r.LocalEndPoint!).Serialize()).ToArray();
        var results = new List<(int Tag, int Length, bool Sent)>();
        var batch = new DatagramBatch(sender, capacity: 16, (tag, length, sent) => results.Add((tag, length, sent)), useSendMmsg);
        try
        {
            // One "packet" fanned out to every receiver, 40 times: 120 datagrams through a 16-slot batch (full batches
            // flush themselves), then the rest at the final flush.
            for (int seq = 0; seq < PacketsPerReceiver; seq++)
            {
                for (int r = 0; r < Receivers; r++)
                {
                    int length = Write(batch.Slot, r, seq);
                    batch.Commit(length, targets[r], tag: r);
                }
            }

            batch.Flush();

            Assert.Equal(0, batch.Count);
            Assert.Equal(Receivers * PacketsPerReceiver, results.Count);
            Assert.All(results, r => Assert.True(r.Sent, $"Expected every datagram sent, found {r}"));
            Assert.Equal(Enumerable.Range(0, PacketsPerReceiver).SelectMany(_ => Enumerable.Range(0, Receivers)), results.Select(r => r.Tag));
            for (int r = 0; r < Receivers; r++)
            {
                Assert.Equal(Enumerable.Range(0, PacketsPerReceiver), ReceiveAll(receivers[r], r, PacketsPerReceiver));
            }

            if (useSendMmsg && OperatingSystem.IsLinux() && Environment.Is64BitProcess)
            {
                Assert.True(batch.UsesSendMmsg, "Expected sendmmsg on 64-bit Linux");
                Assert.True(batch.SystemCalls <= 8, $"Expected 120 datagrams in 8 system calls (7 full batches and the rest), found {batch.SystemCalls}");
            }
            else
            {
                Assert.False(batch.UsesSendMmsg);
                Assert.Equal(Receivers * PacketsPerReceiver, batch.SystemCalls);
            }
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                receiver.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_datagram_the_kernel_refuses_does_not_stop_the_others(bool useSendMmsg)
    {
        using var sender = Bound();
        using var first = Bound();
        using var last = Bound();
        var refused = new IPEndPoint(IPAddress.Loopback, 0).Serialize(); // Linux: EINVAL for destination port 0
        var results = new List<(int Tag, int Length, bool Sent)>();
        var batch = new DatagramBatch(sender, capacity: 8, (tag, length, sent) => results.Add((tag, length, sent)), useSendMmsg);

        batch.Commit(Write(batch.Slot, 0, 1), ((IPEndPoint)first.LocalEndPoint!).Serialize(), tag: 0);
        batch.Commit(Write(batch.Slot, 1, 1), refused, tag: 1);
        batch.Commit(Write(batch.Slot, 2, 1), ((IPEndPoint)last.LocalEndPoint!).Serialize(), tag: 2);
        batch.Commit(Write(batch.Slot, 2, 2), ((IPEndPoint)last.LocalEndPoint!).Serialize(), tag: 2);
        batch.Flush();

        Assert.Equal([(0, 8, true), (1, 8, false), (2, 8, true), (2, 8, true)], results);
        Assert.Equal([1], ReceiveAll(first, 0, 1));
        Assert.Equal([1, 2], ReceiveAll(last, 2, 2));
        Assert.Equal(useSendMmsg && OperatingSystem.IsLinux() && Environment.Is64BitProcess, batch.UsesSendMmsg); // a refused datagram is not a reason to give up sendmmsg
    }

    [Fact]
    public void A_closed_socket_reports_every_pending_datagram_as_failed()
    {
        var sender = Bound();
        using var receiver = Bound();
        var results = new List<bool>();
        var batch = new DatagramBatch(sender, capacity: 8, (_, _, sent) => results.Add(sent));
        var target = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();
        batch.Commit(Write(batch.Slot, 0, 1), target, 0);
        batch.Commit(Write(batch.Slot, 0, 2), target, 0);

        sender.Dispose();
        batch.Flush();

        Assert.Equal([false, false], results);
        Assert.Equal(0, batch.Count);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    // 8 bytes: receiver index, sequence number.
    private static int Write(Span<byte> slot, int receiver, int seq)
    {
        BinaryPrimitives.WriteInt32BigEndian(slot, receiver);
        BinaryPrimitives.WriteInt32BigEndian(slot[4..], seq);
        return 8;
    }

    // Reads `count` datagrams (blocking, 10 s timeout each: loopback delivery is immediate, but the machine may be busy).
    private static List<int> ReceiveAll(Socket socket, int receiver, int count)
    {
        var seqs = new List<int>();
        var buffer = new byte[64];
        for (int i = 0; i < count; i++)
        {
            int length = socket.Receive(buffer);
            Assert.Equal(8, length);
            Assert.Equal(receiver, BinaryPrimitives.ReadInt32BigEndian(buffer));
            seqs.Add(BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(4)));
        }

        socket.Blocking = false;
        Assert.Throws<SocketException>(() => socket.Receive(buffer)); // nothing more than expected arrived
        return seqs;
    }
}
