namespace Convene.Grains.Rooms;

/// <summary>What a <see cref="CallControlEvent"/> tells.</summary>
public enum CallControlKind
{
    /// <summary>A participant raised (Flag true) or lowered a hand: sent to those in the call who may list (<c>OnRaiseHand</c>).</summary>
    Hand,
    /// <summary>The recipients' call ended (removed by a moderator, ended for everyone, maximum duration): <c>OnCallEnded</c>.</summary>
    CallEnded,
    /// <summary>A moderator muted one of the recipient's streams: <c>OnModeratorMute</c> to its publisher.</summary>
    ModeratorMute,
}
