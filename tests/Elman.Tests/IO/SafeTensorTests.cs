using System.Buffers.Binary;
using Elman.IO;

namespace Elman.Tests.IO;

public class SafeTensorTests
{
    [Fact]
    public void FactoriesStoreLittleEndianRowMajorBytes()
    {
        SafeTensor tensor = SafeTensor.FromSingle("w", [1f, -2f, 0.5f, 3f, 0f, 8f], 2, 3);

        Assert.Equal("w", tensor.Name);
        Assert.Equal(SafeTensorDType.F32, tensor.DType);
        Assert.Equal([2L, 3L], tensor.Shape);
        Assert.Equal(6, tensor.ElementCount);
        Assert.Equal(RawSafeTensors.Floats(1f, -2f, 0.5f, 3f, 0f, 8f), tensor.Data.ToArray());
        Assert.Equal("w F32 [2, 3]", tensor.ToString());
    }

    [Fact]
    public void FactoriesCopyTheValues()
    {
        var values = new long[] { 1, 2 };
        SafeTensor tensor = SafeTensor.FromInt64("n", values, 2);
        values[0] = 99;

        Assert.Equal([1L, 2L], tensor.ToInt64Array());
    }

    public static TheoryData<long[], int, string> ShapeMismatches => new()
    {
        { [2, 3], 5, "shape [2, 3] has 6 elements but 5 values were given" },
        { [2], 3, "shape [2] has 2 elements but 3 values" },
        { [], 0, "shape [] has 1 elements but 0 values" },
        { [0], 1, "shape [0] has 0 elements but 1 values" },
        { [-1, -2], 2, "shape [-1, -2] has a negative dimension" },
        { [long.MaxValue, 2], 0, "shape [9223372036854775807, 2] has more than 9223372036854775807 elements" },
    };

    [Theory]
    [MemberData(nameof(ShapeMismatches))]
    public void FactoriesRejectShapesThatDoNotFitTheValues(long[] shape, int valueCount, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => SafeTensor.FromDouble("x", new double[valueCount], shape));
        Assert.Contains($"tensor 'x': {expected}", e.Message);
    }

    // A Fact, not InlineData: xunit's test-case serialisation would replace the lone surrogate with U+FFFD.
    [Fact]
    public void FactoriesRejectNamesThatCannotBeStored()
    {
        foreach (string name in new[] { "__metadata__", "bad\ud800name", "bad\udc00" })
            Assert.Throws<ArgumentException>(() => SafeTensor.FromInt32(name, [1], 1));
    }

    [Fact]
    public void RawConstructorChecksByteCountAndCopies()
    {
        byte[] bytes = [1, 0, 255, 255];
        var tensor = new SafeTensor("h", SafeTensorDType.I16, bytes, 2);
        bytes[0] = 7;

        Assert.Equal([1L, -1L], tensor.ToInt64Array());
        var e = Assert.Throws<ArgumentException>(() => new SafeTensor("h", SafeTensorDType.I16, bytes, 3));
        Assert.Contains("needs 6 bytes but 4 were given", e.Message);
    }

    // Half is the BCL's IEEE binary16, an implementation independent of the converter under test.
    public static TheoryData<float> HalfValues => new()
    {
        0f, -0f, 1f, -2.5f, 0.1f, 65504f, 6.1035156e-5f, 5.9604645e-8f,
        float.PositiveInfinity, float.NegativeInfinity, float.NaN,
    };

    [Theory]
    [MemberData(nameof(HalfValues))]
    public void F16ConvertsExactlyToSingleAndDouble(float value)
    {
        Half half = (Half)value;
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, BitConverter.HalfToUInt16Bits(half));
        var tensor = new SafeTensor("h", SafeTensorDType.F16, bytes);

        Assert.Equal((float)half, tensor.ToSingleArray()[0]);
        Assert.Equal((double)half, tensor.ToDoubleArray()[0]);
    }

    // Values whose binary32 form has zero low 16 bits, so bf16 (the upper 16 bits) holds them exactly.
    public static TheoryData<float> BFloat16Values => new()
    {
        0f, -0f, 1f, -2f, 0.15625f, 3.140625f, -1.1754944e-38f, 3.3895314e38f,
        float.PositiveInfinity, float.NegativeInfinity,
    };

    [Theory]
    [MemberData(nameof(BFloat16Values))]
    public void BF16ConvertsExactlyToSingleAndDouble(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        Assert.Equal(0, bits & 0xFFFF);
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)(bits >>> 16));
        var tensor = new SafeTensor("b", SafeTensorDType.BF16, bytes);

        Assert.Equal(value, tensor.ToSingleArray()[0]);
        Assert.Equal((double)value, tensor.ToDoubleArray()[0]);
    }

    [Fact]
    public void BF16NaNStaysNaN()
    {
        var tensor = new SafeTensor("b", SafeTensorDType.BF16, [0xC0, 0x7F]);

        Assert.True(float.IsNaN(tensor.ToSingleArray()[0]));
    }

    [Fact]
    public void F64RoundsToNearestSingleAndF32WidensExactly()
    {
        double[] doubles = [0.1, 1e300, -1e-300, 1.0000000596046448]; // the last is halfway: ties to even
        float[] singles = SafeTensor.FromDouble("d", doubles, 4).ToSingleArray();
        Assert.Equal([0.1f, float.PositiveInfinity, -0f, 1f], singles);

        float[] values = [0.1f, float.MaxValue, float.Epsilon];
        Assert.Equal(values.Select(v => (double)v), SafeTensor.FromSingle("s", values, 3).ToDoubleArray());
    }

    public static TheoryData<SafeTensorDType, byte[], long[]> IntegerBytes => new()
    {
        { SafeTensorDType.I64, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [long.MaxValue] },
        { SafeTensorDType.I32, [0x00, 0x00, 0x00, 0x80, 0x05, 0x00, 0x00, 0x00], [int.MinValue, 5] },
        { SafeTensorDType.I16, [0x00, 0x80, 0xFF, 0x7F], [short.MinValue, short.MaxValue] },
        { SafeTensorDType.I8, [0xFF, 0x80, 0x7F], [-1, -128, 127] },
        { SafeTensorDType.U8, [0xFF, 0x80, 0x00], [255, 128, 0] },
        { SafeTensorDType.BOOL, [0, 1, 2], [0, 1, 1] },
    };

    [Theory]
    [MemberData(nameof(IntegerBytes))]
    public void IntegerDTypesWidenToInt64(SafeTensorDType dtype, byte[] bytes, long[] expected)
    {
        var tensor = new SafeTensor("i", dtype, bytes, expected.Length);

        Assert.Equal(expected, tensor.ToInt64Array());
    }

    public static TheoryData<SafeTensorDType> AllDTypes => new(Enum.GetValues<SafeTensorDType>());

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void ConversionsOfTheWrongKindNameTheTensorAndDType(SafeTensorDType dtype)
    {
        var tensor = new SafeTensor("rnn.bias", dtype, new byte[dtype.ElementSize()]);
        bool floating = dtype is SafeTensorDType.F64 or SafeTensorDType.F32 or SafeTensorDType.F16 or SafeTensorDType.BF16;
        Assert.Equal(floating, dtype.IsFloatingPoint());

        Func<object>[] wrong = floating ? [tensor.ToInt64Array] : [tensor.ToSingleArray, tensor.ToDoubleArray];
        foreach (Func<object> convert in wrong)
        {
            var e = Assert.Throws<SafeTensorsException>(convert);
            Assert.Contains($"tensor 'rnn.bias' is {dtype}", e.Message);
        }
    }

    [Fact]
    public void ConversionErrorsOfATensorReadFromAFileNameTheFile()
    {
        byte[] bytes = new SafeTensorsFile([SafeTensor.FromInt64("steps", [3])]).ToBytes();
        SafeTensor steps = SafeTensorsFile.Parse(bytes, "ckpt.safetensors")["steps"];

        var e = Assert.Throws<SafeTensorsException>(() => steps.ToSingleArray());

        Assert.StartsWith("ckpt.safetensors: tensor 'steps' is I64", e.Message);
    }

    public static TheoryData<SafeTensorDType, int> ElementSizes => new()
    {
        { SafeTensorDType.F64, 8 }, { SafeTensorDType.F32, 4 }, { SafeTensorDType.F16, 2 }, { SafeTensorDType.BF16, 2 },
        { SafeTensorDType.I64, 8 }, { SafeTensorDType.I32, 4 }, { SafeTensorDType.I16, 2 }, { SafeTensorDType.I8, 1 },
        { SafeTensorDType.U8, 1 }, { SafeTensorDType.BOOL, 1 },
    };

    [Theory]
    [MemberData(nameof(ElementSizes))]
    public void ElementSizesMatchTheFormat(SafeTensorDType dtype, int size) => Assert.Equal(size, dtype.ElementSize());
}
