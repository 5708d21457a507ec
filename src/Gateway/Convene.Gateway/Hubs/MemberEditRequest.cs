namespace Convene.Gateway.Hubs;

/// <summary>
/// <c>EditMembers</c>: add (or update) or remove members, like the backend's groupeditmembers, as the calling user
/// (adding and changing needs the adduser admin right, removing remuser).
/// </summary>
public sealed record MemberEditRequest(IReadOnlyList<string>? Members, bool Remove, MemberPermissionsDto? Permissions, MemberCallDto? Call);
