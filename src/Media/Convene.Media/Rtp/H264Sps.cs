using System.Buffers.Binary;

namespace Convene.Media.Rtp;

/// <summary>
/// The frame size in an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1, §7.4.2.1.1), found as a single NAL unit
/// or inside a STAP-A (RFC 6184 §5.7.1) — how senders put it in front of an IDR picture.
/// </summary>
public static class H264Sps
{
    private const int Sps = 7, StapA = 24;

    /// <summary>Reads the width and height (after cropping) of the SPS this payload carries, if it carries one.</summary>
    public static bool TryReadFrameSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = height = 0;
        if (payload.IsEmpty)
        {
            return false;
        }

        switch (payload[0] & 0x1F)
        {
            case Sps:
                return TryParse(payload, out width, out height);
            case StapA:
                for (int i = 1; i + 2 < payload.Length;)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload[i..]);
                    if (i + 2 + size > payload.Length)
                    {
                        return false;
                    }

                    if ((payload[i + 2] & 0x1F) == Sps)
                    {
                        return TryParse(payload.Slice(i + 2, size), out width, out height);
                    }

                    i += 2 + size;
                }

                return false;
            default:
                return false;
        }
    }

    // nal: the NAL unit, header included.
    private static bool TryParse(ReadOnlySpan<byte> nal, out int width, out int height)
    {
        width = height = 0;
        var bits = new BitReader(nal[1..]);
        int profile = (int)bits.Read(8);
        bits.Read(16); // constraint flags, reserved bits, level_idc
        bits.ReadUe(); // seq_parameter_set_id
        long chromaFormat = 1;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormat = bits.ReadUe();
            if (chromaFormat == 3)
            {
                bits.Read(1); // separate_colour_plane_flag
            }

            bits.ReadUe(); // bit_depth_luma_minus8
            bits.ReadUe(); // bit_depth_chroma_minus8
            bits.Read(1); // qpprime_y_zero_transform_bypass_flag
            if (bits.Read(1) != 0)
            {
                return false; // seq_scaling_matrix_present_flag: scaling lists are not read
            }
        }

        bits.ReadUe(); // log2_max_frame_num_minus4
        long pocType = bits.ReadUe();
        if (pocType == 0)
        {
            bits.ReadUe(); // log2_max_pic_order_cnt_lsb_minus4
        }
        else if (pocType == 1)
        {
            bits.Read(1); // delta_pic_order_always_zero_flag
            bits.ReadUe(); // offset_for_non_ref_pic (se, same length)
            bits.ReadUe(); // offset_for_top_to_bottom_field
            long cycle = bits.ReadUe();
            for (long i = 0; i < cycle && i < 256 && !bits.Failed; i++)
            {
                bits.ReadUe(); // offset_for_ref_frame[i]
            }
        }

        bits.ReadUe(); // max_num_ref_frames
        bits.Read(1); // gaps_in_frame_num_value_allowed_flag
        long widthInMbs = bits.ReadUe() + 1;
        long heightInMapUnits = bits.ReadUe() + 1;
        long frameMbsOnly = bits.Read(1);
        if (frameMbsOnly == 0)
        {
            bits.Read(1); // mb_adaptive_frame_field_flag
        }

        bits.Read(1); // direct_8x8_inference_flag
        long cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (bits.Read(1) != 0)
        {
            (cropLeft, cropRight, cropTop, cropBottom) = (bits.ReadUe(), bits.ReadUe(), bits.ReadUe(), bits.ReadUe());
        }

        if (bits.Failed)
        {
            return false;
        }

        // §7.4.2.1.1: crop units are chroma samples (SubWidthC × SubHeightC), in field pairs without frame_mbs_only.
        long cropX = chromaFormat is 1 or 2 ? 2 : 1;
        long cropY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
        long w = (widthInMbs * 16) - (cropX * (cropLeft + cropRight));
        long h = ((2 - frameMbsOnly) * heightInMapUnits * 16) - (cropY * (cropTop + cropBottom));
        if (w is <= 0 or > 16384 || h is <= 0 or > 16384)
        {
            return false;
        }

        (width, height) = ((int)w, (int)h);
        return true;
    }

    /// <summary>Reads bits of an RBSP, dropping emulation prevention bytes (00 00 03, §7.4.1); past the end sets <see cref="Failed"/>.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _byte;
        private int _bit;
        private int _zeros;

        public bool Failed { get; private set; }

        public long Read(int count)
        {
            long value = 0;
            for (int i = 0; i < count; i++)
            {
                value = (value << 1) | (uint)ReadBit();
            }

            return value;
        }

        // ue(v), §9.1: leading zeros, a one, then as many bits.
        public long ReadUe()
        {
            int zeros = 0;
            while (!Failed && ReadBit() == 0)
            {
                if (++zeros > 31)
                {
                    Failed = true;
                    return 0;
                }
            }

            return Failed ? 0 : (1L << zeros) - 1 + Read(zeros);
        }

        private int ReadBit()
        {
            if (_bit == 0)
            {
                if (_zeros >= 2 && _byte < _data.Length && _data[_byte] == 3)
                {
                    _byte++; // emulation_prevention_three_byte
                    _zeros = 0;
                }

                if (_byte >= _data.Length)
                {
                    Failed = true;
                    return 0;
                }

                _zeros = _data[_byte] == 0 ? _zeros + 1 : 0;
            }

            int bit = (_data[_byte] >> (7 - _bit)) & 1;
            if (++_bit == 8)
            {
                (_bit, _byte) = (0, _byte + 1);
            }

            return bit;
        }
    }
}
