namespace Elman;

/// <summary>
/// A setting is out of range. <see cref="Property"/> names it as the library does (e.g. "LearningRate"), and the
/// message begins with that name, so a front end can say it in its own terms (the CLI names its flag).
/// </summary>
public sealed class SettingException(string property, string message) : ElmanException(message)
{
    /// <summary>The setting's property name, e.g. "Hidden" or "LearningRate".</summary>
    public string Property { get; } = property;

    /// <summary>Throws "<paramref name="property"/> is <paramref name="value"/>, expected <paramref name="expected"/>" unless <paramref name="ok"/>.</summary>
    public static void Require(bool ok, string property, object? value, string expected)
    {
        if (!ok) throw new SettingException(property, $"{property} is {Format(value)}, expected {expected}");
    }

    static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
