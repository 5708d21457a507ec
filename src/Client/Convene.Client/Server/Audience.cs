namespace Convene.Client.Server;

/// <summary>Who in a group may do something (the group's <c>permissions</c> values).</summary>
public enum Audience
{
    /// <summary>Every member (0).</summary>
    Members = 0,

    /// <summary>Only members whose own permission allows it (1).</summary>
    Selected = 1,

    /// <summary>Anyone, member or not (2); for receiving: one online member per message, in turn.</summary>
    Anyone = 2,
}
