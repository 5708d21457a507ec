using Convene.Client.Conference;

namespace Convene.Load;

/// <summary>One simulated user: its room, token and conference client.</summary>
internal sealed class LoadParticipant(int index, string address, int room, long gid, string token)
{
    public int Index { get; } = index;
    public string Address { get; } = address;
    public int Room { get; } = room;
    public long Gid { get; } = gid;
    public string Token { get; } = token;
    public ConferenceClient? Client { get; set; }
    public bool Joined { get; set; }
}
