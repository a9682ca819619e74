using System.Globalization;

namespace Elman.Data.Text;

/// <summary>How examples are shared between training, validation and test (normalised to sum to 1).</summary>
/// <param name="Train">Weight of the training split.</param>
/// <param name="Validation">Weight of the validation split (early stopping, best epoch).</param>
/// <param name="Test">Weight of the test split (reported once, at the end).</param>
public readonly record struct SplitFractions(double Train, double Validation, double Test)
{
    /// <summary>80 / 10 / 10.</summary>
    public static SplitFractions Default => new(80, 10, 10);

    /// <summary>Parses "80/10/10" (any three non-negative numbers with a positive training share; they are normalised).</summary>
    /// <exception cref="ElmanException">Not three numbers, a negative one, or no training share.</exception>
    public static SplitFractions Parse(string text, string what = "Split")
    {
        var parts = text.Split('/', ',', ':');
        var values = new double[3];
        if (parts.Length != 3 || !parts.Select((p, i) => double.TryParse(p.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
            throw new SettingException(what, $"{what} is '{text}', expected train/validation/test shares such as 80/10/10");
        var result = new SplitFractions(values[0], values[1], values[2]);
        result.Validate(what);
        return result;
    }

    /// <summary>Throws <see cref="ElmanException"/> unless all shares are finite and ≥ 0 and training's is &gt; 0.</summary>
    public void Validate(string what = "Split")
    {
        if (!(Train > 0) || !(Validation >= 0) || !(Test >= 0) || !double.IsFinite(Train + Validation + Test))
            throw new SettingException(what, $"{what} is {this}, expected finite shares ≥ 0 with a positive training share");
    }

    /// <summary>The shares exactly as given (round-trip precision), for checkpoint metadata: <see cref="Parse"/> reads it back to the same split.</summary>
    public string ToExactString() => string.Create(CultureInfo.InvariantCulture, $"{Train:R}/{Validation:R}/{Test:R}");

    /// <summary>"80/10/10" as percentages.</summary>
    public override string ToString()
    {
        double sum = Train + Validation + Test;
        return string.Create(CultureInfo.InvariantCulture, $"{100 * Train / sum:0.#}/{100 * Validation / sum:0.#}/{100 * Test / sum:0.#}");
    }
}
