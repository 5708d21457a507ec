
namespace Convene.Grains.Users;

/// <summary>The stored hash of the backend API's app token (single key <see cref="Key"/>).</summary>
public interface IAppTokenGrain : IGrainWithStringKey
{
    /// <summary>The only key.</summary>
    const string Key = "app";

    /// <summary>Stores <paramref name="candidateHash"/> if no hash is stored yet; returns the stored hash either way.</summary>
    Task<string> EnsureAsync(string candidateHash);
}
