namespace Elman.Bench.Numerics;

/// <summary>Deterministic random operands in [-1, 1) for the GEMM benchmarks.</summary>
static class GemmOperands
{
    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }

    public static (float[] A, float[] B, float[] C) Square(int size) =>
        (Random(size * size, 1), Random(size * size, 2), new float[size * size]);
}
