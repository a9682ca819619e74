using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Elman.Cli;

/// <summary>
/// Runs a parsed command line with Elman's error policy: a problem with the user's input is one line on
/// stderr and exit code 2; an unexpected failure is one line and exit code 1. No stack traces unless
/// ELMAN_DEBUG is set.
/// </summary>
static class CommandRunner
{
    public const int Ok = 0, InternalError = 1, UsageError = 2, Interrupted = 130;

    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        var parsed = root.Parse(args);
        bool helpOrVersion = parsed.Action is HelpAction || parsed.Action?.GetType().Name == "VersionOptionAction";
        if (parsed.Errors.Count > 0 && !helpOrVersion)
        {
            stderr.WriteLine($"elman: {Describe(parsed.Errors[0])}");
            stderr.WriteLine($"Run '{CommandPath(parsed)} --help' for usage.");
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
        string message = OneLine(error.Message);
        return option is null || message.Contains(option.Name) ? message : $"{option.Name}: {message}";
    }

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
