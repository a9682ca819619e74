using Elman.IO;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Reliability;

/// <summary>
/// Mutated model and batch files through the whole loading path (safetensors parse → config → tensor
/// checks → batch validation → a forward pass): each must load and run, or fail with the documented
/// <see cref="ElmanException"/> carrying a one-line message. Never another exception, hang or crash.
/// </summary>
public class ModelFileFuzzTests
{
    const int Cases = 6_000;

    [Theory]
    [InlineData("emb_relu_l2", 11UL)]
    [InlineData("dense_tanh_l2", 12UL)]
    public void Mutated_model_files_load_or_fail_with_a_one_line_elman_exception(string fixture, ulong seed)
    {
        var model = File.ReadAllBytes(Fixtures.File(fixture, "model.safetensors"));
        var donor = File.ReadAllBytes(Fixtures.File(fixture, "inputs.safetensors"));
        var batch = SafeTensorsFile.Parse(File.ReadAllBytes(Fixtures.File(fixture, "inputs.safetensors")), "inputs.safetensors");
        var mutator = new Mutator(seed);
        int loaded = 0;
        for (int i = 0; i < Cases; i++)
        {
            var bytes = mutator.Mutate(model, donor);
            try
            {
                var m = Checkpoint.FromFile<float>(SafeTensorsFile.Parse(bytes, "fuzz.safetensors")).Model;
                m.Forward(BatchFile.FromFile<float>(batch, m.Config));
                loaded++;
            }
            catch (ElmanException e)
            {
                Assert.False(e.Message.Contains('\n'), $"case {i}: multi-line message: {e.Message}");
                Assert.True(e.Message.StartsWith("fuzz.safetensors: ") || e.Message.StartsWith("inputs.safetensors: "), $"case {i}: message names no file: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} (seed {seed}): {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.InRange(loaded, 1, Cases - 1);   // the mutations both keep and break files
    }

    [Theory]
    [InlineData("emb_tanh_l1", 21UL)]
    [InlineData("dense_relu_l1", 22UL)]
    public void Mutated_batch_files_validate_or_fail_with_a_one_line_elman_exception(string fixture, ulong seed)
    {
        var model = Checkpoint.Load<float>(Fixtures.File(fixture, "model.safetensors")).Model;
        var inputs = File.ReadAllBytes(Fixtures.File(fixture, "inputs.safetensors"));
        var donor = File.ReadAllBytes(Fixtures.File(fixture, "ref_grads.safetensors"));
        var mutator = new Mutator(seed);
        int valid = 0;
        for (int i = 0; i < Cases; i++)
        {
            var bytes = mutator.Mutate(inputs, donor);
            try
            {
                var batch = BatchFile.FromFile<float>(SafeTensorsFile.Parse(bytes, "fuzz.safetensors"), model.Config);
                model.ComputeGradients(batch);   // huge but finite inputs may overflow a ReLU model: that is the math, not an error
                valid++;
            }
            catch (ElmanException e)
            {
                Assert.False(e.Message.Contains('\n'), $"case {i}: multi-line message: {e.Message}");
                Assert.StartsWith("fuzz.safetensors: ", e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} (seed {seed}): {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.InRange(valid, 1, Cases - 1);
    }
}
