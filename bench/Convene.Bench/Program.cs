using BenchmarkDotNet.Running;
using Convene.Bench.Media;

// "forward" is a console measurement of the real relay over UDP (see ForwardCommand); anything else goes to
// BenchmarkDotNet (e.g. --filter '*Srtp*').
if (args.Length > 0 && args[0] == "forward")
{
    return ForwardCommand.Run(args[1..]);
}

// "idle": the CPU of connected peers when little or nothing flows, beside a same-run baseline (see Media/FORWARD.md).
if (args.Length > 0 && args[0] == "idle")
{
    return IdleCommand.Run(args[1..]);
}

// "loss": loss recovery with Chromium peers through the impairment proxy (see Media/LOSS.md).
if (args.Length > 0 && args[0] == "loss")
{
    return LossCommand.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
