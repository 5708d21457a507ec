namespace Convene.Media.Rtp;

/// <summary>
/// The frame size an AV1 keyframe packet declares in its sequence header OBU (AV1 bitstream specification §5.5.1:
/// <c>max_frame_width_minus_1</c>, <c>max_frame_height_minus_1</c>), found through the RTP aggregation header and OBU
/// elements (AOM "RTP Payload Format for AV1" v1.0.0 §4.4–4.5). No allocation.
/// </summary>
public static class Av1SequenceHeader
{
    private const int ObuSequenceHeader = 1;

    /// <summary>
    /// Reads the size from the sequence header OBU among the first packet's OBU elements (a packet with Z = 0, where
    /// a keyframe's sequence header travels first). False when there is none or it is cut short.
    /// </summary>
    public static bool TryReadFrameSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = height = 0;
        if (payload.Length < 2 || (payload[0] & 0x80) != 0)
        {
            return false; // Z = 1: the first element continues an OBU of an earlier packet
        }

        int w = (payload[0] >> 4) & 0x03; // W: elements in the packet, the last without a length field; 0: every one has it
        int at = 1;
        for (int element = 1; at < payload.Length; element++)
        {
            int length;
            if (w != 0 && element == w)
            {
                length = payload.Length - at;
            }
            else if (!TryReadLeb128(payload, ref at, out length) || length > payload.Length - at)
            {
                return false;
            }

            ReadOnlySpan<byte> obu = payload.Slice(at, length);
            if (obu.Length > 0 && ((obu[0] >> 3) & 0x0F) == ObuSequenceHeader)
            {
                return TryReadObu(obu, out width, out height); // cut short (Y = 1, continued later): fails on the missing bits
            }

            at += length;
            if (w != 0 && element >= w)
            {
                break;
            }
        }

        return false;
    }

    // The OBU header (§5.3.1), an obu_size if present (§5.3.1 has_size_field), then sequence_header_obu (§5.5.1).
    private static bool TryReadObu(ReadOnlySpan<byte> obu, out int width, out int height)
    {
        width = height = 0;
        int at = (obu[0] & 0x04) != 0 ? 2 : 1; // obu_extension_flag
        if ((obu[0] & 0x02) != 0 && !TryReadLeb128(obu, ref at, out _))
        {
            return false;
        }

        if (at >= obu.Length)
        {
            return false;
        }

        var bits = new BitReader(obu[at..]);
        bits.Read(3); // seq_profile
        bits.Read(1); // still_picture
        bool reduced = bits.Read(1) == 1;
        if (reduced)
        {
            bits.Read(5); // seq_level_idx[0]
        }
        else
        {
            bool decoderModelInfo = false;
            int bufferDelayLength = 0;
            if (bits.Read(1) == 1) // timing_info_present_flag: timing_info() §5.5.3
            {
                bits.Read(32); // num_units_in_display_tick
                bits.Read(32); // time_scale
                if (bits.Read(1) == 1) // equal_picture_interval
                {
                    bits.ReadUvlc(); // num_ticks_per_picture_minus_1
                }

                decoderModelInfo = bits.Read(1) == 1;
                if (decoderModelInfo) // decoder_model_info() §5.5.4
                {
                    bufferDelayLength = (int)bits.Read(5) + 1;
                    bits.Read(32); // num_units_in_decoding_tick
                    bits.Read(5); // buffer_removal_time_length_minus_1
                    bits.Read(5); // frame_presentation_time_length_minus_1
                }
            }

            bool initialDisplayDelay = bits.Read(1) == 1;
            int operatingPoints = (int)bits.Read(5) + 1;
            for (int i = 0; i < operatingPoints && !bits.Failed; i++)
            {
                bits.Read(12); // operating_point_idc
                if (bits.Read(5) > 7) // seq_level_idx
                {
                    bits.Read(1); // seq_tier
                }

                if (decoderModelInfo && bits.Read(1) == 1) // decoder_model_present_for_this_op: operating_parameters_info() §5.5.5
                {
                    bits.Read(bufferDelayLength); // decoder_buffer_delay
                    bits.Read(bufferDelayLength); // encoder_buffer_delay
                    bits.Read(1); // low_delay_mode_flag
                }

                if (initialDisplayDelay && bits.Read(1) == 1)
                {
                    bits.Read(4); // initial_display_delay_minus_1
                }
            }
        }

        int widthBits = (int)bits.Read(4) + 1;
        int heightBits = (int)bits.Read(4) + 1;
        long w = bits.Read(widthBits) + 1;
        long h = bits.Read(heightBits) + 1;
        if (bits.Failed || w > 65536 || h > 65536)
        {
            return false;
        }

        (width, height) = ((int)w, (int)h);
        return true;
    }

    // leb128() §4.10.5: at most 8 bytes, 7 bits each, least significant first.
    private static bool TryReadLeb128(ReadOnlySpan<byte> data, ref int at, out int value)
    {
        long result = 0;
        for (int i = 0; i < 8; i++)
        {
            if (at >= data.Length)
            {
                value = 0;
                return false;
            }

            byte b = data[at++];
            result |= (long)(b & 0x7F) << (i * 7);
            if ((b & 0x80) == 0)
            {
                value = result > int.MaxValue ? int.MaxValue : (int)result;
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary>Reads bits most significant first (§4.10.1 f(n)); past the end sets <see cref="Failed"/>.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public bool Failed { get; private set; }

        public long Read(int count)
        {
            long value = 0;
            for (int i = 0; i < count; i++)
            {
                int index = _position >> 3;
                if (index >= _data.Length)
                {
                    Failed = true;
                    return 0;
                }

                value = (value << 1) | (uint)((_data[index] >> (7 - (_position & 7))) & 1);
                _position++;
            }

            return value;
        }

        // uvlc() §4.10.3: leading zeros, a one, then as many bits (32 or more zeros: the largest value).
        public long ReadUvlc()
        {
            int zeros = 0;
            while (!Failed && Read(1) == 0)
            {
                if (++zeros >= 32)
                {
                    return uint.MaxValue;
                }
            }

            return Failed ? 0 : Read(zeros) + (1L << zeros) - 1;
        }
    }
}
