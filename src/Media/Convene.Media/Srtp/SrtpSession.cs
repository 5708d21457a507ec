namespace Convene.Media.Srtp;

/// <summary>
/// Both directions of one peer's SRTP, built from the DTLS-SRTP exporter output (RFC 5764 §4.2):
/// <c>client_write_key | server_write_key | client_write_salt | server_write_salt</c>.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    private SrtpSession(SrtpContext outbound, SrtpContext inbound)
    {
        Outbound = outbound;
        Inbound = inbound;
    }

    /// <summary>Protects what we send (keys of our own role).</summary>
    public SrtpContext Outbound { get; }

    /// <summary>Unprotects what the peer sends (keys of the peer's role).</summary>
    public SrtpContext Inbound { get; }

    /// <summary>
    /// Splits the keying material (60 bytes for AES-CM, 56 for GCM; see <see cref="SrtpKeyLengths.KeyingMaterial"/>).
    /// As DTLS server (<paramref name="isServer"/>, Convene's role) we protect with the server keys and unprotect
    /// with the client keys.
    /// </summary>
    /// <exception cref="ArgumentException">The material length does not match the profile.</exception>
    public static SrtpSession FromDtlsKeyingMaterial(ReadOnlySpan<byte> material, SrtpProfile profile, bool isServer = true)
    {
        int keyLength = SrtpKeyLengths.MasterKey;
        int saltLength = SrtpKeyLengths.MasterSalt(profile);
        if (material.Length != SrtpKeyLengths.KeyingMaterial(profile))
        {
            throw new ArgumentException($"{profile} needs {SrtpKeyLengths.KeyingMaterial(profile)} bytes of keying material.", nameof(material));
        }

        ReadOnlySpan<byte> clientKey = material[..keyLength];
        ReadOnlySpan<byte> serverKey = material.Slice(keyLength, keyLength);
        ReadOnlySpan<byte> clientSalt = material.Slice(2 * keyLength, saltLength);
        ReadOnlySpan<byte> serverSalt = material.Slice((2 * keyLength) + saltLength, saltLength);

        SrtpContext server = SrtpContext.Create(profile, serverKey, serverSalt);
        SrtpContext client = SrtpContext.Create(profile, clientKey, clientSalt);
        return isServer ? new SrtpSession(server, client) : new SrtpSession(client, server);
    }

    /// <summary>Disposes both contexts.</summary>
    public void Dispose()
    {
        Outbound.Dispose();
        Inbound.Dispose();
    }
}
