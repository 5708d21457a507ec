namespace Convene.Gateway.Hubs;

/// <summary>A group member as <c>ListMembers</c> answers: permissions, admin rights and own call settings.</summary>
public sealed record MemberDto(string Address, MemberPermissionsDto Permissions, IReadOnlyList<string> Admin, MemberCallDto Call);
