namespace Convene.Grains.Permissions;

/// <summary>A member's administrative rights (<c>group.members.admin.*</c>).</summary>
/// <remarks><see cref="Owner"/> implies every right; <see cref="Admin"/> implies modify, adduser, remuser, addadmin and remadmin.</remarks>
[Flags]
public enum AdminRights
{
    /// <summary>No rights.</summary>
    None = 0,
    /// <summary>Owner of the group: every right.</summary>
    Owner = 1 << 0,
    /// <summary>Admin of the group.</summary>
    Admin = 1 << 1,
    /// <summary>Can modify the group (groupset).</summary>
    Modify = 1 << 2,
    /// <summary>Can remove (delete) the group.</summary>
    Remove = 1 << 3,
    /// <summary>Can add users to the group.</summary>
    AddUser = 1 << 4,
    /// <summary>Can remove users from the group.</summary>
    RemUser = 1 << 5,
    /// <summary>Can give members admin rights.</summary>
    AddAdmin = 1 << 6,
    /// <summary>Can take admin rights away.</summary>
    RemAdmin = 1 << 7,
    /// <summary>Can take the owner right away.</summary>
    RemOwner = 1 << 8,
}
