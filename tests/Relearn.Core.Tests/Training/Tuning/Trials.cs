using Relearn.Core.Training.Tuning;

namespace Relearn.Core.Tests.Training.Tuning;

/// <summary>Builders for finished trials and studies in tuning tests.</summary>
internal static class Trials
{
    public static readonly SearchSpace OneFloat = new([new FloatParameter("x", 0, 1)]);

    public static TrialResult Complete(int number, double value, params (int Step, double Value)[] reports) =>
        Finished(number, TrialState.Complete, value, reports);

    public static TrialResult Pruned(int number, params (int Step, double Value)[] reports) =>
        Finished(number, TrialState.Pruned, reports.Length == 0 ? null : reports[^1].Value, reports);

    public static TrialResult Finished(int number, TrialState state, double? value, (int Step, double Value)[] reports, SearchSpace? space = null, double x = 0.5) =>
        new(number, state, new TrialParams(space ?? OneFloat, [x]), value,
            reports.ToDictionary(r => r.Step, r => r.Value), DateTimeOffset.UnixEpoch, TimeSpan.Zero, null);

    public static Study Study() => new(TimeProvider.System);

    /// <summary>Collects reports synchronously, unlike <see cref="Progress{T}"/>, which posts them later.</summary>
    public sealed class Recorder : IProgress<TrialResult>
    {
        public List<TrialResult> Reports { get; } = [];

        public void Report(TrialResult value) => Reports.Add(value);
    }
}
