namespace Convene.Grains.Permissions;

/// <summary>Who a group-level permission admits; the values of <c>group.permissions.{send,recv,pub,sub,list}</c>.</summary>
public enum Audience
{
    /// <summary>All the members (0).</summary>
    Members = 0,
    /// <summary>Only members whose member permission allows it (1).</summary>
    Selected = 1,
    /// <summary>Anyone, members or not (2). For receive, 2 means round-robin among members.</summary>
    Anyone = 2,
}
