namespace Convene.Client.Conference;

/// <summary>Why a joined group was joined again.</summary>
public enum RestoreCause
{
    /// <summary>The connection was lost and is back (a new connection: the server forgot its groups).</summary>
    Reconnected,

    /// <summary>The room's live call restarted on another silo (the hub's <c>OnMoved</c>).</summary>
    Moved,
}
