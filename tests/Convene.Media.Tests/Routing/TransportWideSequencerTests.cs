using System.Buffers.Binary;
using Convene.Media.Routing;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;

namespace Convene.Media.Tests.Routing;

/// <summary>Stamping transport-wide sequence numbers on what we send and reading the subscriber's feedback.</summary>
public sealed class TransportWideSequencerTests
{
    private const byte Id = 5;
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Stamps_consecutive_numbers_in_a_one_byte_element_keeping_the_payload()
    {
        var sequencer = new TransportWideSequencer(Id, _time);
        for (ushort i = 0; i < 3; i++)
        {
            byte[] original = Packets.Video((ushort)(100 + i), 9000, keyframe: false);
            byte[] buffer = new byte[1500];
            original.CopyTo(buffer, 0);
            int length = sequencer.Stamp(buffer, original.Length);

            Assert.Equal(original.Length + 8, length); // a 4-byte extension header and one word of element
            Assert.True(RtpHeaderExtensions.TryGet(buffer.AsSpan(0, length), Id, out var value));
            Assert.Equal(i, BinaryPrimitives.ReadUInt16BigEndian(value));
            Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var stamped));
            Assert.Equal(original.AsSpan(12).ToArray(), stamped.Payload.ToArray());
            Assert.Equal((ushort)(100 + i), stamped.SequenceNumber);
        }
    }

    [Fact]
    public void Feedback_about_packets_queued_behind_a_narrow_link_lowers_the_estimate()
    {
        var sequencer = new TransportWideSequencer(Id, _time, new BandwidthEstimator(initialBps: 2_000_000));
        byte[] buffer = new byte[1500];
        ushort seq = 0;
        long arrival = 0;
        for (int round = 0; round < 20; round++)
        {
            // 10 packets of ~1,220 bytes per 10 ms (≈ 1 Mbit/s) through a 300 kbit/s link: each arrives later than the last.
            var arrivals = new List<long?>();
            ushort first = seq;
            for (int k = 0; k < 10; k++)
            {
                byte[] packet = Packets.Video(seq, 0, keyframe: false);
                Array.Resize(ref packet, 1200);
                packet.CopyTo(buffer, 0);
                sequencer.Stamp(buffer, packet.Length);
                long sentUs = (long)(_time.GetTimestamp() / 10.0);
                arrival = Math.Max(arrival, sentUs) + (1208 * 8 * 1_000_000L / 300_000);
                arrivals.Add(arrival);
                seq++;
                _time.Advance(TimeSpan.FromMilliseconds(10));
            }

            Feed(sequencer, FeedbackWriter.Write(first, arrivals, (byte)round));
        }

        Assert.Equal(20, sequencer.FeedbackCount);
        Assert.True(sequencer.Estimator.EstimateBps < 400_000, $"Expected the estimate near 300 kbit/s, found {sequencer.Estimator.EstimateBps} (delay {sequencer.Estimator.QueuingDelay}, received {sequencer.Estimator.ReceivedBps}).");
    }

    [Fact]
    public void Stamping_and_reading_feedback_allocate_nothing()
    {
        var sequencer = new TransportWideSequencer(Id, _time);
        byte[] packet = Packets.Video(1, 0, keyframe: false);
        byte[] buffer = new byte[1500];
        byte[] feedback = FeedbackWriter.Write(0, Enumerable.Range(0, 20).Select(i => (long?)(i * 1000)).ToList());
        void RunOnce()
        {
            for (int i = 0; i < 20; i++)
            {
                packet.CopyTo(buffer, 0);
                sequencer.Stamp(buffer, packet.Length);
            }

            Feed(sequencer, feedback);
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        RunOnce();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            RunOnce();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // What MediaRouter.HandleSubscriberRtcp does with a subscriber's compound packet, for the sequencer's part.
    private static void Feed(TransportWideSequencer sequencer, ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            sequencer.HandleFeedback(packet);
        }
    }
}
