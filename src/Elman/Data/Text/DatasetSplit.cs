using Elman.Numerics;

namespace Elman.Data.Text;

/// <summary>Example indices of the training, validation and test splits, each in ascending order.</summary>
/// <param name="Train">Indices of training examples.</param>
/// <param name="Validation">Indices of validation examples.</param>
/// <param name="Test">Indices of test examples.</param>
public sealed record DatasetSplit(int[] Train, int[] Validation, int[] Test)
{
    /// <summary>
    /// The split of labelled texts (classes <paramref name="labels"/>, one per example): stratified, their groups kept
    /// together. Training and every later reading of a run's test split (<c>eval</c>, <c>analyse</c>) go through here,
    /// so they cannot drift apart.
    /// </summary>
    public static DatasetSplit Of(IReadOnlyList<LabelledText> examples, IReadOnlyList<int> labels, SplitFractions fractions, ulong seed)
        => Stratified(labels, fractions, seed, examples.Any(e => e.Group is not null) ? examples.Select(e => e.Group).ToArray() : null);

    /// <summary>
    /// A stratified split: within every class the examples are shuffled by <paramref name="seed"/> and cut
    /// by <paramref name="fractions"/> (rounded per class; training always keeps at least one), so every
    /// split has close to the data's class balance. With <paramref name="groups"/>, the unit shuffled and
    /// cut is a group (stratified by its first example's label): no group straddles two splits, so e.g.
    /// passages of one speech cannot be in training and test at once. Examples with a null group are
    /// units of their own. The same inputs and seed always give the same split.
    /// </summary>
    public static DatasetSplit Stratified(IReadOnlyList<int> labels, SplitFractions fractions, ulong seed, IReadOnlyList<string?>? groups = null)
    {
        fractions.Validate();
        if (groups is not null && groups.Count != labels.Count) throw new ArgumentException("one group per example is required", nameof(groups));
        // Units: lists of example indices that move together, in order of first appearance.
        var units = new List<List<int>>();
        var unitOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
        {
            string? group = groups?[i];
            if (group is null) { units.Add([i]); continue; }
            if (!unitOf.TryGetValue(group, out var unit)) { unit = []; unitOf[group] = unit; units.Add(unit); }
            unit.Add(i);
        }
        int classes = labels.Count == 0 ? 0 : labels.Max() + 1;
        var byClass = Enumerable.Range(0, classes).Select(_ => new List<List<int>>()).ToArray();
        foreach (var unit in units) byClass[labels[unit[0]]].Add(unit);

        double sum = fractions.Train + fractions.Validation + fractions.Test;
        var random = SeededRandom.Derive(seed, 20);
        List<int> train = [], validation = [], test = [];
        foreach (var members in byClass)
        {
            var shuffled = members.ToArray();
            random.Shuffle(shuffled.AsSpan());
            int n = shuffled.Length;
            int nTest = (int)Math.Round(n * fractions.Test / sum, MidpointRounding.AwayFromZero);
            int nValidation = (int)Math.Round(n * fractions.Validation / sum, MidpointRounding.AwayFromZero);
            while (n > 0 && nTest + nValidation >= n)
            {
                if (nTest >= nValidation && nTest > 0) nTest--;
                else nValidation--;
            }
            for (int k = 0; k < n; k++)
                (k < nTest ? test : k < nTest + nValidation ? validation : train).AddRange(shuffled[k]);
        }
        train.Sort();
        validation.Sort();
        test.Sort();
        return new DatasetSplit([.. train], [.. validation], [.. test]);
    }
}
