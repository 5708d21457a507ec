namespace Convene.Grains.Permissions;

/// <summary>An operation on a group that the permission function decides.</summary>
public enum Operation
{
    /// <summary>Send a group message.</summary>
    SendMessage,
    /// <summary>Receive a group message.</summary>
    ReceiveMessage,
    /// <summary>Publish a stream to the group call.</summary>
    Publish,
    /// <summary>Subscribe to a stream of the group call.</summary>
    Subscribe,
    /// <summary>Get the list of active publishers (participants) of the group call.</summary>
    ListParticipants,
    /// <summary>Change the group's settings (groupset).</summary>
    ModifyGroup,
    /// <summary>Delete the group (groupdel).</summary>
    DeleteGroup,
    /// <summary>Add members or change their permissions.</summary>
    AddMembers,
    /// <summary>Remove members.</summary>
    RemoveMembers,
    /// <summary>Give members admin rights (other than owner).</summary>
    AddAdmins,
    /// <summary>Make members owners.</summary>
    AddOwners,
    /// <summary>Take admin rights away.</summary>
    RemoveAdmins,
    /// <summary>Take the owner right away (or remove an owner).</summary>
    RemoveOwners,
    /// <summary>Read the member list.</summary>
    ReadMembers,
    /// <summary>Moderate the live call: mute other participants, end the call for everyone (the modify admin right).</summary>
    ModerateCall,
    /// <summary>Remove a participant from the live call (the remuser admin right).</summary>
    RemoveFromCall,
}
