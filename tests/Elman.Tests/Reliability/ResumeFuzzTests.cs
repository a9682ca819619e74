using System.Text.Json.Nodes;
using Elman.IO;
using Elman.Numerics;
using Elman.Training;
using Xunit.Abstractions;

namespace Elman.Tests.Reliability;

/// <summary>
/// A seeded mutation fuzzer over the resume path (parse → digest → training state → checks against the
/// run → restore → train to the end). Damaged files (bytes flipped, cut, spliced, numbers replaced) must
/// be refused with a one-line <see cref="ElmanException"/> or resume to the byte-identical model. Edited
/// files whose digest was recomputed (a forged or buggy writer's file, which no digest can tell from a
/// real one) must be refused or train without crashing.
/// </summary>
// Runs apart from the resume fuzzer / kill test: their CPU load would starve the other's timed child processes.
[Collection("CPU-heavy reliability runs")]
public class ResumeFuzzTests(ITestOutputHelper output)
{
    const int ByteMutants = 3000, FieldMutants = 2000;

    static readonly byte[] Checkpoint = SmallRun.CheckpointAfter(7);
    static readonly byte[] Donor = SmallRun.CheckpointAfter(12);
    static readonly byte[] Reference = SmallRun.Resume(Checkpoint);

    [Theory]
    [InlineData(151UL)]
    [InlineData(152UL)]
    public void Damaged_checkpoints_are_refused_or_resume_to_the_identical_model(ulong seed)
    {
        var mutator = new Mutator(seed);
        int refused = 0, identical = 0;
        for (int i = 0; i < ByteMutants; i++)
        {
            var bytes = mutator.Mutate(Checkpoint, Donor);
            if (Outcome(bytes, i, seed) is { } final)
            {
                Assert.True(Reference.AsSpan().SequenceEqual(final), $"case {i} (seed {seed}): a damaged checkpoint resumed to a different model");
                identical++;
            }
            else refused++;
        }
        output.WriteLine($"resume fuzz, damaged (seed {seed}): {ByteMutants} mutants, {refused} refused, {identical} resumed identically, 0 crashes");
        Assert.True(refused > ByteMutants / 2, $"only {refused} of {ByteMutants} damaged checkpoints were refused");
    }

    [Theory]
    [InlineData(251UL)]
    [InlineData(252UL)]
    public void Edited_and_resealed_checkpoints_are_refused_or_train_without_crashing(ulong seed)
    {
        var random = new SeededRandom(seed);
        var file = SafeTensorsFile.Parse(Checkpoint, "ckpt.safetensors");
        int refused = 0, resumed = 0, different = 0;
        var differentEdits = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < FieldMutants; i++)
        {
            var (bytes, edit) = Edit(file, random);
            if (Outcome(bytes, i, seed) is { } final)
            {
                resumed++;
                if (!Reference.AsSpan().SequenceEqual(final)) { different++; differentEdits.Add(edit); }
            }
            else refused++;
        }
        output.WriteLine($"resume fuzz, edited and resealed (seed {seed}): {FieldMutants} mutants, {refused} refused, {resumed} resumed ({different} to another model, by valid edits: {string.Join("; ", differentEdits)}), 0 crashes");
        Assert.True(refused > FieldMutants / 2, $"only {refused} of {FieldMutants} edited checkpoints were refused");
    }

    // The final model's bytes, or null when refused; any other exception fails the test.
    static byte[]? Outcome(byte[] bytes, int i, ulong seed)
    {
        try
        {
            return SmallRun.Resume(bytes);
        }
        catch (ElmanException e)
        {
            Assert.False(e.Message.Contains('\n'), $"case {i} (seed {seed}): multi-line message: {e.Message}");
            return null;
        }
        catch (Exception e)
        {
            Assert.Fail($"case {i} (seed {seed}): {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    static readonly string[] Values =
    [
        "-1", "0", "1", "2", "3", "5", "7", "40", "99999", "2147483647", "2147483648", "-9223372036854775808", "18446744073709551615",
        "1.5", "1e308", "\"x\"", "\"NaN\"", "\"Infinity\"", "\"-1\"", "\"0\"", "\"1e300\"", "\"18446744073709551615\"",
        "null", "true", "false", "[]", "[\"1\",\"2\"]", "[\"0\",\"0\",\"0\",\"0\"]", "{}",
    ];

    // One edit of the state JSON, the data order, a tensor or the metadata, resealed with a fresh digest.
    static (byte[] Bytes, string Edit) Edit(SafeTensorsFile file, SeededRandom random)
    {
        var metadata = file.Metadata.ToDictionary();
        var tensors = file.Tensors.ToList();
        string edit;
        switch (random.NextInt(4))
        {
            case 0 or 1:
                var json = JsonNode.Parse(metadata[TrainingState.MetadataKey])!;
                var leaves = new List<(JsonNode Parent, string? Key, int Index)>();
                Collect(json, leaves);
                var (parent, key, index) = leaves[random.NextInt(leaves.Count)];
                var value = JsonNode.Parse(Values[random.NextInt(Values.Length)]);
                if (key is not null) parent[key] = value;
                else parent[index] = value;
                edit = $"{parent.GetPath()}{(key is null ? $"[{index}]" : $".{key}")} = {value?.ToJsonString() ?? "null"}";
                metadata[TrainingState.MetadataKey] = json.ToJsonString();
                break;
            case 2:
                int o = tensors.FindIndex(t => t.Name == "training.order");
                var order = tensors[o].ToInt64Array().Select(v => (int)v).ToArray();
                int at = random.NextInt(order.Length);
                order[at] = random.NextInt(order.Length + 4) - 2;
                edit = $"order[{at}] = {order[at]}";
                tensors[o] = SafeTensor.FromInt32("training.order", order, order.Length);
                break;
            default:
                if (random.NextInt(2) == 0 && metadata.Count > 0)
                {
                    edit = $"metadata {metadata.Keys.ElementAt(random.NextInt(metadata.Count))} removed";
                    metadata.Remove(edit["metadata ".Length..^" removed".Length]);
                }
                else
                {
                    int t = random.NextInt(tensors.Count);
                    edit = $"tensor {tensors[t].Name} removed";
                    tensors.RemoveAt(t);
                }
                break;
        }
        return (ContentDigest.Seal(new SafeTensorsFile(tensors, metadata)).ToBytes(), edit);
    }

    static void Collect(JsonNode node, List<(JsonNode, string?, int)> leaves)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    leaves.Add((obj, key, -1));
                    if (child is not null) Collect(child, leaves);
                }
                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    leaves.Add((array, null, i));
                    if (array[i] is { } child) Collect(child, leaves);
                }
                break;
        }
    }
}
