namespace Convene.Client.Server;

/// <summary>A page of a group's members, in the order they were added.</summary>
/// <param name="Total">How many members the group has.</param>
/// <param name="Offset">The position of the first member of this page.</param>
/// <param name="Members">The members of this page.</param>
public sealed record MemberPage(int Total, int Offset, IReadOnlyList<Member> Members);
