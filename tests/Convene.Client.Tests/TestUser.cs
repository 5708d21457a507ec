using Convene.Client.Conference;
using Convene.Client.Server;

namespace Convene.Client.Tests;

/// <summary>A user created through the backend API and connected through the conference client, recording every event.</summary>
public sealed class TestUser : IAsyncDisposable
{
    private string _token;

    private TestUser(string address, string token, Uri baseUrl)
    {
        Address = address;
        _token = token;
        Client = new ConferenceClient(new ConferenceClientOptions
        {
            BaseUrl = baseUrl,
            AccessTokenProvider = () => Task.FromResult<string?>(_token),
            MaxReconnectDelay = TimeSpan.FromSeconds(2),
        });
        Client.PublisherChanged += Publishers.Add;
        Client.SubscriberChanged += Subscribers.Add;
        Client.MuteChanged += Mutes.Add;
        Client.HungUp += Hangups.Add;
        Client.MessageReceived += Messages.Add;
        Client.GroupRestored += Restores.Add;
        Client.CallChanged += Calls.Add;
        Client.HandChanged += Hands.Add;
        Client.Reconnecting += e => Reconnects.Add(e?.GetType().Name ?? "closed");
    }

    public string Address { get; }

    public ConferenceClient Client { get; }

    public EventLog<PublisherChange> Publishers { get; } = new();

    public EventLog<SubscriberChange> Subscribers { get; } = new();

    public EventLog<Participant> Mutes { get; } = new();

    public EventLog<Hangup> Hangups { get; } = new();

    public EventLog<ChatMessage> Messages { get; } = new();

    public EventLog<GroupRestore> Restores { get; } = new();

    public EventLog<CallEvent> Calls { get; } = new();

    public EventLog<HandChange> Hands { get; } = new();

    public EventLog<string> Reconnects { get; } = new();

    /// <summary>Creates the user (<c>useradd</c>) and connects it.</summary>
    public static async Task<TestUser> ConnectAsync(ConveneServerClient server, Uri baseUrl, string address)
    {
        var token = await server.AddUserAsync(address, $"Name of {address}");
        var user = new TestUser(address, token.Token, baseUrl);
        await user.Client.StartAsync();
        return user;
    }

    /// <summary>Regenerates the user's token (the server closes its connections); the client reconnects with the new one.</summary>
    public async Task RegenerateTokenAsync(ConveneServerClient server)
    {
        var token = await server.AddUserAsync(Address);
        _token = token.Token;
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
