using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>
/// The backend API for the app's server: users and their access tokens, groups (rooms), their settings and
/// members. Authenticated with the app token; every call is one <c>POST /api</c> operation. A refused or failed
/// call throws <see cref="ConveneApiException"/> and changes nothing.
/// </summary>
public sealed class ConveneServerClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _appToken;
    private readonly Uri _apiUrl;

    /// <summary>A client for the server at <paramref name="baseUrl"/> (e.g. <c>https://convene.example.com</c>).</summary>
    /// <param name="baseUrl">The silo's (or load balancer's) base URL.</param>
    /// <param name="appToken">The app token (<c>Convene:AppToken</c>).</param>
    public ConveneServerClient(Uri baseUrl, string appToken)
        : this(new HttpClient { BaseAddress = baseUrl }, appToken)
    {
        _ownsHttp = true;
    }

    /// <summary>A client using <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> is the server (e.g. from <c>IHttpClientFactory</c>); not disposed with this client.</summary>
    /// <param name="http">The HTTP client, with its base address set.</param>
    /// <param name="appToken">The app token (<c>Convene:AppToken</c>).</param>
    public ConveneServerClient(HttpClient http, string appToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(appToken);
        if (http.BaseAddress is null) throw new ArgumentException("the HttpClient needs a BaseAddress", nameof(http));
        _http = http;
        _appToken = appToken;
        _apiUrl = new Uri(http.BaseAddress.AbsoluteUri.TrimEnd('/') + "/api");
    }

    /// <summary>Creates a user, or issues a new access token for an existing one (revoking the old one and closing its connections).</summary>
    /// <param name="address">The user's address (at most 128 characters, no whitespace or commas).</param>
    /// <param name="name">The display name.</param>
    /// <param name="tokenExpiryMinutes">Minutes until the token expires; null for a token that does not expire.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<UserToken> AddUserAsync(string address, string? name = null, int? tokenExpiryMinutes = null, CancellationToken cancellationToken = default)
    {
        var user = new JsonObject { ["address"] = address };
        if (name is not null) user["name"] = name;
        if (tokenExpiryMinutes is { } minutes) user["token"] = new JsonObject { ["expiry"] = minutes };
        var answer = await OperationAsync("useradd", new JsonObject { ["user"] = user }, cancellationToken);
        return Read<UserToken>(answer, "user");
    }

    /// <summary>Deletes a user; their connections are closed. Unknown users are a 404.</summary>
    /// <param name="address">The user's address.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteUserAsync(string address, CancellationToken cancellationToken = default) =>
        OperationAsync("userdel", new JsonObject { ["user"] = new JsonObject { ["address"] = address } }, cancellationToken);

    /// <summary>Creates a group; the server allocates its id.</summary>
    /// <param name="settings">The group's settings (and optionally its first members).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new group's id.</returns>
    public async Task<long> CreateGroupAsync(GroupSettings settings, CancellationToken cancellationToken = default)
    {
        var answer = await OperationAsync("groupadd", new JsonObject { ["group"] = ToNode(settings) }, cancellationToken);
        return Gid(answer);
    }

    /// <summary>Changes a group's settings (only the fields given).</summary>
    /// <param name="gid">The group id.</param>
    /// <param name="settings">The fields to change.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task UpdateGroupAsync(long gid, GroupSettings settings, CancellationToken cancellationToken = default)
    {
        var group = ToNode(settings);
        group["gid"] = gid;
        return OperationAsync("groupset", new JsonObject { ["group"] = group }, cancellationToken);
    }

    /// <summary>A group's settings and member count.</summary>
    /// <param name="gid">The group id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<GroupInfo> GetGroupAsync(long gid, CancellationToken cancellationToken = default)
    {
        var answer = await OperationAsync("groupget", GroupOnly(gid), cancellationToken);
        return Read<GroupInfo>(answer, "group");
    }

    /// <summary>Deletes a group; its id is never reused.</summary>
    /// <param name="gid">The group id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteGroupAsync(long gid, CancellationToken cancellationToken = default) =>
        OperationAsync("groupdel", GroupOnly(gid), cancellationToken);

    /// <summary>Adds, updates or removes members.</summary>
    /// <param name="gid">The group id.</param>
    /// <param name="change">Which members and what to set.</param>
    /// <param name="messageType">A message type: the member permissions then apply to that type only (send and receive).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task EditMembersAsync(long gid, MemberChange change, int? messageType = null, CancellationToken cancellationToken = default)
    {
        var group = new JsonObject { ["gid"] = gid, ["members"] = ToNode(change) };
        if (messageType is { } type) group["type"] = type;
        return OperationAsync("groupeditmembers", new JsonObject { ["group"] = group }, cancellationToken);
    }

    /// <summary>Adds members (or updates the permissions of existing ones).</summary>
    /// <param name="gid">The group id.</param>
    /// <param name="addresses">The members' addresses.</param>
    /// <param name="permissions">Their permissions; null keeps the defaults (everything allowed).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task AddMembersAsync(long gid, IEnumerable<string> addresses, MemberPermissions? permissions = null, CancellationToken cancellationToken = default) =>
        EditMembersAsync(gid, new MemberChange { Addresses = [.. addresses], Permissions = permissions }, cancellationToken: cancellationToken);

    /// <summary>Removes members.</summary>
    /// <param name="gid">The group id.</param>
    /// <param name="addresses">The members' addresses.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task RemoveMembersAsync(long gid, IEnumerable<string> addresses, CancellationToken cancellationToken = default) =>
        EditMembersAsync(gid, new MemberChange { Addresses = [.. addresses], Remove = true }, cancellationToken: cancellationToken);

    /// <summary>A page of the group's members, in the order they were added.</summary>
    /// <param name="gid">The group id.</param>
    /// <param name="offset">The position to start from.</param>
    /// <param name="count">How many (1–1,000).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<MemberPage> GetMembersAsync(long gid, int offset = 0, int count = 100, CancellationToken cancellationToken = default)
    {
        var request = GroupOnly(gid);
        request["offset"] = offset;
        request["count"] = count;
        var answer = await OperationAsync("groupgetmembers", request, cancellationToken);
        var group = answer["group"] as JsonObject ?? throw Malformed("groupgetmembers", "group");
        var members = answer["members"]?.Deserialize<Member[]>(Json) ?? [];
        return new MemberPage(group["total"]?.GetValue<int>() ?? members.Length, group["offset"]?.GetValue<int>() ?? offset, members);
    }

    /// <summary>
    /// Runs any backend operation (for operations this client does not wrap yet): <paramref name="fields"/> are
    /// sent with <c>op</c>; the answer's fields come back. Throws <see cref="ConveneApiException"/> on failure.
    /// </summary>
    /// <param name="op">The operation's name, e.g. <c>groupget</c>.</param>
    /// <param name="fields">The operation's fields (not modified).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonObject> OperationAsync(string op, JsonObject fields, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(op);
        var body = (JsonObject)fields.DeepClone();
        body["op"] = op;
        using var request = new HttpRequestMessage(HttpMethod.Post, _apiUrl)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _appToken);
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var answer = ParseObject(text);
        if (response.IsSuccessStatusCode && answer?["result"] is JsonValue ok && ok.TryGetValue(out bool result) && result)
        {
            return answer;
        }
        throw ApiErrors.From((int)response.StatusCode, answer, text, op);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject GroupOnly(long gid) => new() { ["group"] = new JsonObject { ["gid"] = gid } };

    private static JsonObject ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Json) as JsonObject ?? [];

    private static T Read<T>(JsonObject answer, string field) =>
        answer[field] is JsonObject o ? o.Deserialize<T>(Json) ?? throw Malformed(answer["op"]?.ToString(), field) : throw Malformed(answer["op"]?.ToString(), field);

    private static long Gid(JsonObject answer) =>
        answer["group"]?["gid"]?.GetValue<long>() ?? throw Malformed(answer["op"]?.ToString(), "group.gid");

    private static ConveneApiException Malformed(string? op, string field) =>
        new(200, null, $"the answer has no valid '{field}'", op);
}
