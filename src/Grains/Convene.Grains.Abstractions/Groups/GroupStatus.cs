namespace Convene.Grains.Groups;

/// <summary>Outcome of a group operation.</summary>
public enum GroupStatus
{
    /// <summary>Done.</summary>
    Ok,
    /// <summary>No such group (never created, or deleted).</summary>
    NotFound,
    /// <summary>The permission function refused it.</summary>
    Forbidden,
    /// <summary>The input was invalid; nothing changed.</summary>
    Invalid,
    /// <summary>The group already exists.</summary>
    Conflict,
    /// <summary>The call settings (the room's, or the member's own) do not allow that media (audio, video or screen).</summary>
    MediaNotAllowed,
}
