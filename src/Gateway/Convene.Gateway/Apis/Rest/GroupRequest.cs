using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary><c>POST /v1/groups</c> (groupadd) and <c>PATCH /v1/groups/{gid}</c> (groupset): the fields to set.</summary>
public sealed record GroupRequest(
    string? Name,
    [property: Description("OR of the spec's group flags (0x1, 0x2, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x1000, 0x2000, 0x10000, 0x20000).")] uint? Flags,
    bool? Active,
    [property: Description("The message type the send/recv permissions apply to.")] int? Type,
    GroupPermissions? Permissions,
    ValidityRequest? Validity,
    CallSettings? Call,
    MembersRequest? Members);
