namespace Relearn.Core.Training.Tuning;

/// <summary>The random generator of one trial, a pure function of the study seed and the trial number.</summary>
internal static class TrialRandom
{
    public static Random For(int seed, int trialNumber)
    {
        // SplitMix64 finalizer over (seed, number): neighbouring trials and seeds get unrelated streams.
        var z = ((ulong)(uint)seed << 32 | (uint)trialNumber) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z >> 33));
    }
}
