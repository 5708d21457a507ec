using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary>Members to add, update or remove with a groupadd / groupset.</summary>
public sealed record MembersRequest(
    [property: Description("Addresses: an array, or one comma-separated string; at most 1,000.")] string[] M,
    bool? Remove,
    MemberPermissions? Permissions,
    AdminFlags? Admin);
