using BenchmarkDotNet.Running;
using Elman.Bench.Inference;

// `predict ...`: Elman's forward pass against ONNX Runtime on the same model, side by side, e.g.
//   dotnet run -c Release --project bench/Elman.Bench -- predict --batch 64 --length 100 --hidden 256
if (args.Length > 0 && args[0] == "predict") return PredictComparison.Run(args[1..]);

// Otherwise pick BenchmarkDotNet benchmarks on the command line, e.g.
//   dotnet run -c Release --project bench/Elman.Bench -- --filter '*RecurrentStep*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
