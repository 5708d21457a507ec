using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary>A group's settings.</summary>
public sealed record GroupView(
    long Gid,
    string? Name,
    uint Flags,
    bool Active,
    GroupPermissions Permissions,
    ValidityView Validity,
    CallSettings Call,
    MessageTypeView[] Types,
    [property: Description("The number of members.")] int Members);
