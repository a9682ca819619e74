using BenchmarkDotNet.Running;

// Pick benchmarks on the command line, e.g.
//   dotnet run -c Release --project bench/Elman.Bench -- --filter '*RecurrentStep*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
