namespace Convene.Grains.Rooms;

/// <summary>
/// The moderation state of a room's live call: raised hands, connections whose call a moderator (or the maximum
/// duration) ended, and when the call started and its maximum-duration timer. Live state only, like the rest of the
/// room: a reactivated room starts a new call.
/// </summary>
internal sealed class CallModeration
{
    private readonly List<string> _hands = [];
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private IDisposable? _timer;

    /// <summary>Raised hands in the order they were raised.</summary>
    public string[] Hands => [.. _hands];

    /// <summary>When the current call started (its first connection); null while nobody is in it.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Raises or lowers <paramref name="address"/>'s hand; true if that changed anything.</summary>
    public bool SetHand(string address, bool raised)
    {
        if (!raised)
        {
            return _hands.Remove(address);
        }
        if (_hands.Contains(address, StringComparer.Ordinal))
        {
            return false;
        }
        _hands.Add(address);
        return true;
    }

    /// <summary>
    /// Whether a connection's call was ended: the room does not take it back in from a refresh or another call, only
    /// from a new join (see <see cref="Forget"/>).
    /// </summary>
    public bool WasEnded(string connectionId) => _ended.Contains(connectionId);

    /// <summary>The connection's call was ended by a moderator or the maximum duration.</summary>
    public void Ended(string connectionId) => _ended.Add(connectionId);

    /// <summary>The connection joined again or left: it is no longer kept out.</summary>
    public void Forget(string connectionId) => _ended.Remove(connectionId);

    /// <summary>The first connection came in: the call starts now.</summary>
    public void Start(DateTimeOffset now) => StartedAt ??= now;

    /// <summary>The last connection left: the call is over, its hands down and its timer stopped.</summary>
    public void Stop()
    {
        StartedAt = null;
        _hands.Clear();
        SetTimer(null);
    }

    /// <summary>Replaces the maximum-duration timer (null: none).</summary>
    public void SetTimer(IDisposable? timer)
    {
        _timer?.Dispose();
        _timer = timer;
    }
}
