using Convene.Gateway.Apis.Rest;
using Convene.Grains.Rooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Convene.Gateway.Apis;

/// <summary><c>GET /v1/groups/{gid}/room</c>: the live call in numbers and the silo it is active on.</summary>
internal static class RoomApi
{
    /// <summary>
    /// For operators, and the cluster tests that look for a room's silo. Activates the room if it was not active.
    /// </summary>
    public static async Task<Results<Ok<RoomAnswer>, JsonHttpResult<ApiError>>> RoomAsync(HttpContext http, string gid, IGrainFactory grains)
    {
        try
        {
            var id = RestApi.ParseGid(gid);
            var s = await grains.GetGrain<IRoomGrain>(id).GetStatusAsync();
            return TypedResults.Ok(new RoomAnswer(true, new RoomView(id, s.Silo, s.Gateways, s.Connections, s.Online, s.Streams, s.Subscriptions)));
        }
        catch (ApiInputException e)
        {
            return RestApi.ErrorOf(ApiResponse.Error(e.StatusCode, e.Message, code: e.Code));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return RestApi.ErrorOf(ApiFailures.From(http, e));
        }
    }
}
