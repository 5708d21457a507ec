namespace Convene.Gateway.Apis.Rest;

/// <summary>The answer of groupgetmembers.</summary>
public sealed record MembersAnswer(MembersPage Group, MemberView[] Members, string Op, bool Result);
