namespace Convene.Grains.Calls;

/// <summary>The call policy as one pure function: may <c>caller</c> call <c>callee</c>?</summary>
public static class CallAccess
{
    /// <summary>
    /// Null if the call is allowed under <paramref name="policy"/>, else why not. <paramref name="callerGroups"/> and
    /// <paramref name="calleeGroups"/> are the gids each is a member of (ascending or not).
    /// </summary>
    public static string? Check(CallPolicy policy, long[] callerGroups, long[] calleeGroups) => policy switch
    {
        CallPolicy.AnyUser => null,
        CallPolicy.SharedGroup => callerGroups.Intersect(calleeGroups).Any() ? null : "you may only call members of a group you are in",
        _ => "calls are switched off",
    };
}
