using System.Buffers.Binary;
using Elman.IO;

namespace Elman.Tests.IO;

/// <summary>
/// Damaged files must fail with SafeTensorsException and nothing else: no IndexOutOfRange, no
/// OutOfMemory from a length the file merely claims, no JsonException leaking through.
/// </summary>
public class SafeTensorsRobustnessTests
{
    private static byte[] ValidFile() => new SafeTensorsFile(
        [
            SafeTensor.FromSingle("rnn.weight_hh_l0", [1f, -2f, 3f, -4f], 2, 2),
            SafeTensor.FromDouble("rnn.bias", [0.5, 0.25], 2),
            SafeTensor.FromInt64("step", [42]),
            SafeTensor.FromInt32("empty", [], 0),
        ],
        new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode" }).ToBytes();

    [Fact]
    public void EveryTruncationIsRejectedFromBytesAndFromDisk()
    {
        byte[] valid = ValidFile();
        using var folder = new TempDirectory();
        string path = folder.File("cut.safetensors");

        for (int length = 0; length < valid.Length; length++)
        {
            byte[] cut = valid[..length];
            var fromBytes = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Parse(cut, "cut.safetensors"));
            File.WriteAllBytes(path, cut);
            var fromDisk = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Read(path));
            Assert.StartsWith("cut.safetensors: ", fromBytes.Message);
            Assert.StartsWith($"{path}: ", fromDisk.Message);
        }
    }

    [Fact]
    public void RandomDamageEitherParsesOrThrowsSafeTensorsException()
    {
        byte[] valid = ValidFile();
        var random = new Random(20240601);
        int parsed = 0, rejected = 0;

        for (int iteration = 0; iteration < 4000; iteration++)
        {
            byte[] damaged = Damage(valid, random, out string how);
            try
            {
                SafeTensorsFile file = SafeTensorsFile.Parse(damaged, "fuzz.safetensors");
                // Whatever was accepted must be writable and read back the same.
                Assert.Equal(file.ToBytes(), SafeTensorsFile.Parse(file.ToBytes(), "again").ToBytes());
                parsed++;
            }
            catch (SafeTensorsException e)
            {
                Assert.StartsWith("fuzz.safetensors: ", e.Message);
                Assert.DoesNotContain('\n', e.Message);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {iteration} ({how}) threw {e.GetType().Name}: {e.Message}");
            }
        }

        // Both outcomes must occur, or the damage is not exercising the validator.
        Assert.True(parsed > 0 && rejected > 0, $"parsed {parsed}, rejected {rejected}");
    }

    private static byte[] Damage(byte[] valid, Random random, out string how)
    {
        byte[] bytes = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                int flips = random.Next(1, 4);
                how = $"{flips} bit flips at";
                for (int i = 0; i < flips; i++)
                {
                    int at = random.Next(bytes.Length), bit = random.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    how += $" {at}:{bit}";
                }
                return bytes;
            case 1:
                int position = random.Next(bytes.Length);
                byte value = (byte)random.Next(256);
                how = $"byte {position} set to {value}";
                bytes[position] = value;
                return bytes;
            case 2:
                int length = random.Next(bytes.Length);
                how = $"truncated to {length}";
                return bytes[..length];
            default:
                // Aim at the header's digits and punctuation, where single changes stay valid JSON most often.
                int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
                int digit = random.Next(8, headerEnd);
                const string tokens = "0123456789,[]{}\" -.";
                byte replacement = (byte)tokens[random.Next(tokens.Length)];
                how = $"header byte {digit} set to '{(char)replacement}'";
                bytes[digit] = replacement;
                return bytes;
        }
    }
}
