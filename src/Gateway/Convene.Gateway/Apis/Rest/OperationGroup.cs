using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary>The <c>group</c> object of an operation: the group fields of <see cref="GroupRequest"/> and its gid.</summary>
public sealed record OperationGroup(
    [property: Description("The group; not given to groupadd.")] long? Gid,
    string? Name,
    uint? Flags,
    bool? Active,
    int? Type,
    GroupPermissions? Permissions,
    ValidityRequest? Validity,
    CallSettings? Call,
    MembersRequest? Members);
