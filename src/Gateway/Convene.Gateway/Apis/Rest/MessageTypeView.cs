namespace Convene.Gateway.Apis.Rest;

/// <summary>Send/receive permissions for one message type (0 members, 1 selected, 2 anyone).</summary>
public sealed record MessageTypeView(int Type, int Send, int Recv);
