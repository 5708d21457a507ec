namespace Convene.Grains.Permissions;

/// <summary>The five communication capabilities that group and member permissions govern.</summary>
public enum Capability
{
    /// <summary>Send group messages.</summary>
    Send,
    /// <summary>Receive group messages.</summary>
    Receive,
    /// <summary>Publish voice/video streams to the group call.</summary>
    Publish,
    /// <summary>Subscribe to (view) other members' streams.</summary>
    Subscribe,
    /// <summary>List the active publishers of the group call.</summary>
    List,
}
