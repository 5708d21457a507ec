namespace Convene.Gateway.Apis.Rest;

/// <summary>The answer of groupadd, groupset, groupdel and groupeditmembers.</summary>
public sealed record GroupAnswer(GroupRef Group, string Op, bool Result);
