namespace Convene.Gateway.Apis.Rest;

/// <summary>The answer of groupget.</summary>
public sealed record GroupGetAnswer(GroupView Group, string Op, bool Result);
