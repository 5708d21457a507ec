namespace Convene.Client.Conference;

/// <summary>
/// A joined group was joined again by the client itself, after a reconnection or a move. Publications and
/// subscriptions are not restored (they need media): republish and resubscribe here if you had any.
/// </summary>
/// <param name="Gid">The group.</param>
/// <param name="Cause">Why.</param>
/// <param name="Join">The new join's answer; null when it failed.</param>
/// <param name="Error">Why rejoining failed (the group is then no longer joined); null on success.</param>
public sealed record GroupRestore(long Gid, RestoreCause Cause, GroupJoin? Join, Exception? Error);
