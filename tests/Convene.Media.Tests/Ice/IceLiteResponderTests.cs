using System.Net;
using System.Text;
using Convene.Media.Ice;
using Convene.Media.Stun;
using Convene.Media.Tests.Stun;
using Convene.Media.Tests.Transport;

namespace Convene.Media.Tests.Ice;

/// <summary>The ICE-lite answers (RFC 8445 §7.3.1) built from parsed requests.</summary>
public sealed class IceLiteResponderTests
{
    private static readonly SocketAddress _remote = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853).Serialize();

    [Fact]
    public void The_rfc5769_request_claims_controlled_and_gets_487()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var request));
        var buffer = new byte[IceLiteResponder.MaxResponseLength];

        var length = IceLiteResponder.WriteResponse(request, _remote, Rfc5769Vectors.Password, buffer, out var outcome);

        Assert.Equal(IceCheckOutcome.RoleConflict, outcome);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var response));
        Assert.Equal(StunConstants.BindingError, response.MessageType);
        Assert.Equal(487, response.ErrorCode);
        Assert.Equal(request.TransactionId.ToArray(), response.TransactionId.ToArray());
        Assert.True(response.VerifyMessageIntegrity(Rfc5769Vectors.Password));
        Assert.True(response.VerifyFingerprint());
    }

    [Fact]
    public void A_controlling_request_gets_a_success_with_the_mapped_address()
    {
        var bytes = StunTestClient.BuildRequest("evtj:h6vY", "VOkJxbRl1RmTxUk/WvJxBt", useCandidate: true);
        Assert.True(StunMessage.TryParse(bytes, out var request));
        var buffer = new byte[IceLiteResponder.MaxResponseLength];

        var length = IceLiteResponder.WriteResponse(request, _remote, Rfc5769Vectors.Password, buffer, out var outcome);

        Assert.Equal(IceCheckOutcome.Success, outcome);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var response));
        Assert.Equal(StunConstants.BindingSuccess, response.MessageType);
        Assert.True(response.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(response.VerifyMessageIntegrity(Rfc5769Vectors.Password));
        Assert.False(response.VerifyMessageIntegrity(Encoding.UTF8.GetBytes("another password")));
        Assert.True(response.VerifyFingerprint());
    }

    [Fact]
    public void The_largest_response_fits_the_advertised_buffer()
    {
        var ipv6 = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 1).Serialize();
        var bytes = StunTestClient.BuildRequest("a:b", "p");
        Assert.True(StunMessage.TryParse(bytes, out var request));

        var length = IceLiteResponder.WriteResponse(request, ipv6, "p"u8, new byte[IceLiteResponder.MaxResponseLength], out _);

        Assert.True(length <= IceLiteResponder.MaxResponseLength);
    }
}
