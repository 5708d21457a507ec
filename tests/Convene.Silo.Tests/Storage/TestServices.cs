using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;
namespace Convene.Silo.Tests.Storage;

/// <summary>The external stores ./test.sh starts (Azurite, a private PostgreSQL) and passes in environment variables.</summary>
internal static class TestServices
{
    /// <summary>Azure Storage connection string for Azurite.</summary>
    public const string Azure = "CONVENE_TEST_AZURE";

    /// <summary>Npgsql connection string for a PostgreSQL database the tests may create databases from.</summary>
    public const string Postgres = "CONVENE_TEST_POSTGRES";

    /// <summary>The variable's value; a missing one fails the test (never skips it).</summary>
    public static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. These tests need the service ./test.sh starts: run ./test.sh from the repository root " +
                "(it starts Azurite and a private PostgreSQL and exports CONVENE_TEST_AZURE and CONVENE_TEST_POSTGRES).");
}
