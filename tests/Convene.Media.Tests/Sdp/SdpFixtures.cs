namespace Convene.Media.Tests.Sdp;

/// <summary>SDP captured from real browsers (tests/Convene.Media.Tests/Sdp/Fixtures).</summary>
internal static class SdpFixtures
{
    /// <summary>Chromium 156, audio + video sendonly, max-bundle, captured by tests/e2e/tools/webrtc-peer.mjs.</summary>
    public static string ChromiumPublishOffer => Read("chromium156-publish-offer.sdp");

    /// <summary>Chromium 156, as above with video sent as three simulcast rids (q, h, f).</summary>
    public static string ChromiumSimulcastOffer => Read("chromium156-simulcast-offer.sdp");

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Fixtures", name));
}
