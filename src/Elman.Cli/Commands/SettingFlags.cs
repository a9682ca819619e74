using Elman.Runs;

namespace Elman.Cli.Commands;

/// <summary>
/// The one place where the library's setting names (<see cref="TrainingRun"/> and its parts, the cluster's membership
/// settings) meet the CLI's flags: a <see cref="SettingException"/> names a property, and the CLI prints the flag instead.
/// </summary>
static class SettingFlags
{
    static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["Hidden"] = "--hidden", ["Layers"] = "--layers", ["Dropout"] = "--dropout", ["Pooling"] = "--pooling", ["InitScale"] = "--init-scale",
        ["InitNorm"] = "--init-norm", ["InitRadius"] = "--init-radius", ["Ensemble"] = "--ensemble", ["Threads"] = "--threads", ["Sequences"] = "--sequences",
        ["Keep"] = "--keep", ["EverySteps"] = "--checkpoint-every", ["Length"] = "--length", ["TrainSize"] = "--train-size",
        ["TestSize"] = "--test-size", ["MinFrequency"] = "--min-frequency", ["MaxVocabulary"] = "--max-vocabulary",
        ["MaxLength"] = "--max-length", ["Embedding"] = "--embedding", ["TokenDropout"] = "--token-dropout", ["Split"] = "--split",
        ["Epochs"] = "--epochs", ["BatchSize"] = "--batch-size", ["LearningRate"] = "--learning-rate", ["Momentum"] = "--momentum",
        ["WeightDecay"] = "--weight-decay", ["ClipThreshold"] = "--clip", ["Nesterov"] = "--nesterov", ["ScheduleStepSize"] = "--step-size",
        ["ScheduleGamma"] = "--gamma", ["WarmupSteps"] = "--warmup", ["Patience"] = "--patience", ["EmaDecay"] = "--ema-decay",
        ["SelectBy"] = "--select-by", ["ClassWeight"] = "--class-weight",
        ["Text"] = "--dataset/--data", ["Folder"] = "--checkpoint-dir",
        // Cluster membership (elman cluster silo): MembershipSettings and SiloEndpoints.
        ["Kind"] = "--clustering", ["RedisConfiguration"] = "--redis", ["AdoNetConnectionString"] = "--connection-string", ["ClusterId"] = "--cluster-id",
        ["ServiceId"] = "--service-id", ["Kubernetes"] = "--kubernetes", ["PrimarySilo"] = "--primary", ["SiloPort"] = "--port",
        ["GatewayPort"] = "--gateway-port", ["AdvertisedAddress"] = "--address",
    };

    /// <summary>The flag of a library property, or the property itself when the CLI has no flag for it.</summary>
    public static string FlagOf(string property) => Flags.GetValueOrDefault(property, property);

    /// <summary>The message with its library names replaced by flags (property names at word boundaries only).</summary>
    public static string Translate(SettingException e)
    {
        string message = e.Message;
        foreach (var (property, flag) in Flags)
            message = System.Text.RegularExpressions.Regex.Replace(message, $@"(?<![\w-]){property}(?![\w-])", flag);
        return message;
    }
}
