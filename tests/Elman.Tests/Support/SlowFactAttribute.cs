namespace Elman.Tests.Support;

/// <summary>
/// A test that trains on a real corpus (fetched with npm, so it may need the network and the user's
/// cache): skipped unless ELMAN_SLOW_TESTS=1. Run them with
/// <c>ELMAN_SLOW_TESTS=1 dotnet test -c Release --filter Category=Slow</c>.
/// </summary>
public sealed class SlowFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "ELMAN_SLOW_TESTS";

    public SlowFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
            Skip = $"slow: trains on a real corpus; set {EnvironmentVariable}=1 to run";
    }
}
