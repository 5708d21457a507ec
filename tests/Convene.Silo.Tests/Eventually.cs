namespace Convene.Silo.Tests;

/// <summary>Awaits a condition that another activity makes true, with a bounded wait and a message naming it.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string expected, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"expected {expected} within {limit}");
            }
            await Task.Delay(20);
        }
    }
}
