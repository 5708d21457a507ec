namespace Convene.Grains.Chat;

/// <summary>The persisted messages of one history page, oldest first.</summary>
[GenerateSerializer, Alias("convene.ChatPageState")]
public sealed class ChatPageState
{
    /// <summary>The messages.</summary>
    [Id(0)]
    public List<StoredMessage> Messages { get; set; } = [];
}
