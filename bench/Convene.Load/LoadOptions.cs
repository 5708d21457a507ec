using System.Globalization;

namespace Convene.Load;

/// <summary>The command line (the same flags and defaults as <c>bench/load/load.mjs</c> where they apply).</summary>
internal sealed record LoadOptions
{
    public int Participants { get; init; } = 5000;
    public int Rooms { get; init; } = 250;
    public int Messages { get; init; } = 5;
    public int Publishers { get; init; } = 2;
    public int Concurrency { get; init; } = 100;
    public int IntervalMs { get; init; } = 1000;
    public int WaitMs { get; init; } = 15000;
    public int CallTimeoutMs { get; init; } = 30000;
    public int MaxSeconds { get; init; } = 600;
    public bool Json { get; init; }
    public bool Help { get; init; }
    public Dictionary<string, string> SiloEnv { get; init; } = [];

    public const string Usage = """
        dotnet run -c Release --project bench/Convene.Load -- [--participants N=5000] [--rooms M=250] [--messages K=5]
            [--publishers P=2] [--concurrency C=100] [--interval MS=1000] [--wait MS=15000] [--call-timeout MS=30000]
            [--max-seconds S=600] [--json] [--silo-env KEY=VALUE]...
          Starts a silo (memory storage) on 127.0.0.1, creates N users and M rooms with ConveneServerClient, connects
          everyone with ConferenceClient, joins, publishes (signalling only) and chats; prints latency percentiles and
          memory per participant, like bench/load/load.mjs (one silo, no --workers: .NET uses the thread pool).
        """;

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number()
            {
                var flag = args[i];
                return int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{flag} needs a non-negative whole number");
            }
            o = args[i] switch
            {
                "--participants" => o with { Participants = Number() },
                "--rooms" => o with { Rooms = Number() },
                "--messages" => o with { Messages = Number() },
                "--publishers" => o with { Publishers = Number() },
                "--concurrency" => o with { Concurrency = Math.Max(1, Number()) },
                "--interval" => o with { IntervalMs = Number() },
                "--wait" => o with { WaitMs = Number() },
                "--call-timeout" => o with { CallTimeoutMs = Number() },
                "--max-seconds" => o with { MaxSeconds = Number() },
                "--json" => o with { Json = true },
                "--help" or "-h" => o with { Help = true },
                "--silo-env" => WithEnv(o, Next()),
                _ => throw new ArgumentException($"unknown argument {args[i]} (try --help)"),
            };
        }
        if (o.Participants < 1 || o.Rooms < 1 || o.Rooms > o.Participants) throw new ArgumentException("need 1 <= --rooms <= --participants");
        return o;
    }

    private static LoadOptions WithEnv(LoadOptions o, string kv)
    {
        var eq = kv.IndexOf('=', StringComparison.Ordinal);
        if (eq < 1) throw new ArgumentException("--silo-env needs KEY=VALUE");
        o.SiloEnv[kv[..eq]] = kv[(eq + 1)..];
        return o;
    }
}
