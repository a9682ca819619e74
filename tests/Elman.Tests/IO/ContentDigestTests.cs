using System.Security.Cryptography;
using Elman.IO;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.IO;

/// <summary>
/// The content digest: SHA-256 of the file as written without its own key (checked here against the
/// BCL hash of those bytes), verified on every read; one flipped byte anywhere is refused; a file without
/// a digest (PyTorch's) loads as before.
/// </summary>
public class ContentDigestTests
{
    static SafeTensorsFile Sample() => Checkpoint.ToFile(RnnClassifier<float>.Create(new RnnConfig(0, 3, 4, 1, 2), 5), new Dictionary<string, string> { ["task"] = "parity" });

    [Fact]
    public void The_digest_is_sha256_of_the_file_without_its_key()
    {
        var sealedFile = Sample();
        var unsealed = new SafeTensorsFile(sealedFile.Tensors, sealedFile.Metadata.Where(p => p.Key != ContentDigest.Key).ToDictionary());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(unsealed.ToBytes())), sealedFile.Metadata[ContentDigest.Key]);
    }

    [Fact]
    public void Every_single_byte_flip_that_changes_the_content_is_refused()
    {
        var original = Sample();
        var bytes = original.ToBytes();
        int accepted = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x10;
            try
            {
                var file = SafeTensorsFile.Parse(copy, "m.safetensors");
                // What may pass: a change the parser erases (padding), or one in the digest's own key name,
                // which leaves an unsealed file whose tensors and other metadata are the original's.
                Assert.Equal(original.Tensors.Select(t => (t.Name, Convert.ToHexString(t.Data.Span))), file.Tensors.Select(t => (t.Name, Convert.ToHexString(t.Data.Span))));
                Assert.Equal(original.Metadata.Where(p => p.Key != ContentDigest.Key).OrderBy(p => p.Key), file.Metadata.Where(p => original.Metadata.ContainsKey(p.Key) && p.Key != ContentDigest.Key).OrderBy(p => p.Key));
                Assert.Equal(original.Metadata.Count, file.Metadata.Count);
                accepted++;
            }
            catch (SafeTensorsException) { }
        }
        Assert.True(accepted < 20, $"{accepted} flips accepted");
    }

    [Fact]
    public void A_model_with_a_wrong_digest_is_refused_naming_the_file()
    {
        var file = Sample();
        var metadata = file.Metadata.ToDictionary();
        metadata["task"] = "adding";   // edited after sealing
        var bytes = new SafeTensorsFile(file.Tensors, metadata).ToBytes();
        var e = Assert.Throws<SafeTensorsException>(() => Checkpoint.FromFile<float>(SafeTensorsFile.Parse(bytes, "m.safetensors")));
        Assert.Equal("m.safetensors: content does not match its content_sha256 digest: the file was damaged or edited after it was written", e.Message);
    }

    [Fact]
    public void A_pytorch_file_without_a_digest_still_loads()
    {
        string path = Fixtures.File("emb_tanh_l1", "model.safetensors");
        Assert.False(ContentDigest.IsSealed(SafeTensorsFile.Read(path)));
        Assert.NotNull(Checkpoint.Load<float>(path).Model);
    }
}
