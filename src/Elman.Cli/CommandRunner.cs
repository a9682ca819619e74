using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Elman.Cli;

/// <summary>
/// Runs a parsed command line with Elman's error policy: a problem with the user's input is one line on
/// stderr and exit code 2; an unexpected failure is one line and exit code 1. No stack traces unless
/// ELMAN_DEBUG is set.
/// </summary>
static partial class CommandRunner
{
    public const int Ok = 0, InternalError = 1, UsageError = 2, Interrupted = 130;

    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        var parsed = root.Parse(args);
        bool helpOrVersion = parsed.Action is HelpAction || parsed.Action?.GetType().Name == "VersionOptionAction";
        if (parsed.Errors.Count > 0 && !helpOrVersion)
        {
            stderr.WriteLine($"elman: {Describe(parsed.Errors[0])} (see '{CommandPath(parsed)} --help')");
            return UsageError;
        }
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        if (stdout is not null) config.Output = stdout;
        config.Error = stderr;
        try
        {
            return parsed.Invoke(config);
        }
        catch (Exception e) when (Unwrap(e) is SettingException setting)
        {
            stderr.WriteLine($"elman: {OneLine(Commands.SettingFlags.Translate(setting))}");
            return UsageError;
        }
        catch (Exception e) when (Unwrap(e) is ElmanException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"elman: {OneLine(Unwrap(e).Message)}");
            return UsageError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("ELMAN_DEBUG") is null)
        {
            var inner = Unwrap(e);
            stderr.WriteLine($"elman: internal error: {inner.GetType().Name}: {OneLine(inner.Message)} (set ELMAN_DEBUG=1 for a stack trace)");
            return InternalError;
        }
    }

    // System.CommandLine's messages do not always say which option was wrong ("Argument 'x' not recognized").
    static string Describe(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        string message = Plain(OneLine(error.Message));
        return option is null || message.Contains(option.Name) ? message : $"{option.Name}: {message}";
    }

    // "Cannot parse argument 'x' for option '--lr' as expected type 'System.Double'." names a .NET type
    // the user never wrote; say what the option wants instead.
    static string Plain(string message)
    {
        var match = CannotParse().Match(message);
        if (!match.Success) return message.TrimEnd('.');
        string value = match.Groups["value"].Value, name = match.Groups["name"].Value;
        return $"{name}: '{value}' is not {Expected(match.Groups["type"].Value)}";
    }

    static string Expected(string type)
    {
        string inner = NullableType().Match(type) is { Success: true } nullable ? nullable.Groups["inner"].Value : type;
        return inner switch
        {
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Int32" => $"a whole number in [{int.MinValue}, {int.MaxValue}]",
            "System.Int64" => $"a whole number in [{long.MinValue}, {long.MaxValue}]",
            "System.UInt64" => $"a whole number in [0, {ulong.MaxValue}]",
            "System.UInt32" => $"a whole number in [0, {uint.MaxValue}]",
            "System.Boolean" => "true or false",
            _ => "a valid value",
        };
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.?$")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^\]]+)\]$")]
    private static partial Regex NullableType();

    static Exception Unwrap(Exception e) => e is AggregateException { InnerException: { } inner } ? Unwrap(inner) : e;

    static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r is not null; r = r.Parent as CommandResult)
            names.Add(r.Command is RootCommand ? "elman" : r.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
