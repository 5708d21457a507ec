using Convene.Media.Ice;

namespace Convene.Media.Tests.Ice;

/// <summary>Generated ICE credentials meet RFC 8839 §5.4.</summary>
public sealed class IceCredentialsTests
{
    [Fact]
    public void Credentials_are_long_enough_use_ice_chars_and_differ()
    {
        var all = Enumerable.Range(0, 100).Select(_ => IceCredentials.Generate()).ToList();

        Assert.All(all, c =>
        {
            Assert.Matches("^[A-Za-z0-9+/]{4,256}$", c.Ufrag);
            Assert.Matches("^[A-Za-z0-9+/]{22,256}$", c.Pwd);
        });
        Assert.Equal(100, all.Select(c => c.Ufrag).Distinct().Count());
        Assert.Equal(100, all.Select(c => c.Pwd).Distinct().Count());
    }
}
