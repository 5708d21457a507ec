using Convene.Media.Stun;
using Convene.Media.Transport;

namespace Convene.Media.Tests.Transport;

/// <summary>Random and mutated datagrams are dropped and counted; the port keeps answering.</summary>
public sealed class MalformedTrafficTests
{
    private const int Datagrams = 10_000;

    [Fact]
    public async Task Ten_thousand_random_and_mutated_datagrams_are_counted_and_the_port_still_answers()
    {
        await using var fixture = new TransportFixture(handler: new NullSrtpHandler { Throw = true });
        var peer = fixture.CreatePeer();
        using var client = new StunTestClient(fixture.EndPoint);
        var username = TransportFixture.UsernameFor(peer);

        // Make the fuzzing socket the selected tuple so DTLS- and RTP-range garbage goes deep.
        client.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, useCandidate: true));
        await client.ReceiveAsync(TimeSpan.FromSeconds(5), "the answer to the selecting check");

        var random = new Random(5769);
        var valid = StunTestClient.BuildRequest(username, peer.Local.Pwd);
        byte[][] seeds =
        [
            valid,
            [22, 0xFE, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 1, 0, 0, 0x14, 0, 0, 0, 0, 0, 0, 0, 0x14],
            [0x80, 111, 0, 1, 0, 0, 0, 160, 0x12, 0x34, 0x56, 0x78, 1, 2, 3, 4],
            [0x81, 200, 0, 6, 0x12, 0x34, 0x56, 0x78],
        ];
        var sent = 0;
        for (var i = 0; i < Datagrams; i++)
        {
            var datagram = i % 2 == 0 ? RandomDatagram(random) : Mutate(seeds[random.Next(seeds.Length)], random);
            client.Send(datagram);
            sent++;
            if (i % 500 == 0)
            {
                // Pace the sender so the kernel buffer is not the thing under test: a round trip per 500.
                var marker = Enumerable.Repeat((byte)(i / 500), 12).ToArray();
                client.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, transactionId: marker));
                await ReceiveAnswerAsync(client, marker);
            }
        }

        var last = Enumerable.Repeat((byte)0xEE, 12).ToArray();
        client.Send(StunTestClient.BuildRequest(username, peer.Local.Pwd, transactionId: last));
        await ReceiveAnswerAsync(client, last);

        var counters = fixture.Transport.Counters;
        Assert.True(counters.Received >= Datagrams, $"Expected at least {Datagrams} datagrams received, found {counters}.");
        Assert.True(counters.TotalDropped > Datagrams / 2, $"Expected most of {sent} garbage datagrams dropped, found {counters}.");
        Assert.True(counters.Dropped(DropReason.UnknownProtocol) > 0, counters.ToString());
        Assert.True(counters.Dropped(DropReason.StunMalformed) > 0, counters.ToString());
        Assert.True(counters.Dropped(DropReason.InternalError) == 0, $"Expected no internal errors, found {counters}.");
        Assert.False(peer.IsClosed);
    }

    private static async Task ReceiveAnswerAsync(StunTestClient client, byte[] transactionId)
    {
        // Garbage that happens to be a valid check would also be answered; skip to our transaction.
        while (true)
        {
            var response = await client.ReceiveAsync(TimeSpan.FromSeconds(10), $"the answer to check {Convert.ToHexString(transactionId)}");
            if (StunMessage.TryParse(response, out var message) && message.TransactionId.SequenceEqual(transactionId))
            {
                Assert.Equal(StunConstants.BindingSuccess, message.MessageType);
                return;
            }
        }
    }

    private static byte[] RandomDatagram(Random random)
    {
        var datagram = new byte[random.Next(0, 1500)];
        random.NextBytes(datagram);
        return datagram;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var datagram = (byte[])seed.Clone();
        switch (random.Next(4))
        {
            case 0:
                datagram[random.Next(datagram.Length)] ^= (byte)(1 << random.Next(8));
                return datagram;
            case 1:
                return datagram[..random.Next(datagram.Length)];
            case 2:
                var extended = new byte[datagram.Length + random.Next(1, 64)];
                datagram.CopyTo(extended, 0);
                random.NextBytes(extended.AsSpan(datagram.Length));
                return extended;
            default:
                for (var k = 0; k < 4; k++)
                {
                    datagram[random.Next(datagram.Length)] = (byte)random.Next(256);
                }

                return datagram;
        }
    }
}
