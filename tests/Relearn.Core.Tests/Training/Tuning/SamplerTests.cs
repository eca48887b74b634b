using Relearn.Core.Training.Tuning;

namespace Relearn.Core.Tests.Training.Tuning;

public sealed class SamplerTests
{
    private static readonly SearchSpace Space = new([
        new FloatParameter("learning_rate", 0.01, 0.3, Log: true),
        new IntParameter("num_leaves", 4, 128, Log: true),
        new IntParameter("min_data", 1, 20),
        new FloatParameter("fraction", 0.5, 1.0),
        new CategoricalParameter("boosting", ["gbdt", "dart", "goss"]),
    ]);

    public static TheoryData<string> Samplers => ["random", "tpe"];

    [Theory]
    [MemberData(nameof(Samplers))]
    public async Task EverySampledValue_IsInsideItsRange_WholeForInts_AndAChoiceForCategoricals(string sampler)
    {
        var result = await Trials.Study().OptimizeAsync(Space, (trial, _) =>
        {
            var p = trial.Params;
            return Task.FromResult(-Math.Abs(Math.Log(p.GetDouble("learning_rate") / 0.05)) + p.GetInt("num_leaves") / 128.0 + (p.GetString("boosting") == "dart" ? 1 : 0));
        }, new StudyOptions
        {
            Direction = StudyDirection.Maximize,
            Trials = 80,
            Parallelism = 1,
            Sampler = sampler == "tpe" ? new TpeSampler() : new RandomSampler(),
        });

        Assert.Equal(80, result.Trials.Count);
        foreach (var p in result.Trials.Select(t => t.Params))
        {
            Assert.InRange(p.GetDouble("learning_rate"), 0.01, 0.3);
            Assert.InRange(p.GetInt("num_leaves"), 4, 128);
            Assert.Equal(Math.Floor(p.Encoded[1]), p.Encoded[1]);
            Assert.InRange(p.GetInt("min_data"), 1, 20);
            Assert.Equal(Math.Floor(p.Encoded[2]), p.Encoded[2]);
            Assert.InRange(p.GetDouble("fraction"), 0.5, 1.0);
            Assert.Contains(p.GetString("boosting"), new[] { "gbdt", "dart", "goss" });
        }
    }

    [Fact]
    public void RandomLogParameters_AreUniformInLogSpace()
    {
        var space = new SearchSpace([new FloatParameter("rate", 1e-4, 1, Log: true), new IntParameter("leaves", 1, 1000, Log: true)]);
        var sampler = new RandomSampler();
        var random = new Random(1);

        var draws = Enumerable.Range(0, 4000).Select(_ => sampler.Sample(space, [], StudyDirection.Minimize, random)).ToList();

        // Uniform in log space puts half the rates below the geometric midpoint 1e-2 (uniform in value: 1%), and
        // half the leaves at 22 or less: log ints span [log 0.5, log 1000.5], whose geometric midpoint is 22.4.
        Assert.InRange(draws.Count(d => d.GetDouble("rate") < 1e-2) / 4000.0, 0.45, 0.55);
        Assert.InRange(draws.Count(d => d.GetInt("leaves") <= 22) / 4000.0, 0.45, 0.55);
        Assert.Contains(draws, d => d.GetInt("leaves") == 1);
        Assert.Contains(draws, d => d.GetInt("leaves") == 1000);
    }

    [Fact]
    public void RandomInts_CoverEveryValue_AndCategoricalsEveryChoice()
    {
        var space = new SearchSpace([new IntParameter("depth", 3, 7), new CategoricalParameter("loss", ["l1", "l2"])]);
        var random = new Random(3);

        var draws = Enumerable.Range(0, 500).Select(_ => new RandomSampler().Sample(space, [], StudyDirection.Minimize, random)).ToList();

        Assert.Equal([3, 4, 5, 6, 7], draws.Select(d => d.GetInt("depth")).Distinct().Order());
        Assert.Equal(["l1", "l2"], draws.Select(d => d.GetString("loss")).Distinct().Order());
    }

    [Fact]
    public void Tpe_AfterStartup_SamplesNearTheGoodTrials()
    {
        // Thirty finished trials evenly over [0, 1], scoring best near x = 0.3; uniform sampling would average 0.5.
        var history = Enumerable.Range(0, 30)
            .Select(i => (i + 0.5) / 30)
            .Select((x, i) => Trials.Finished(i, TrialState.Complete, -Math.Abs(x - 0.3), [], x: x))
            .ToList();
        var sampler = new TpeSampler();

        var xs = Enumerable.Range(0, 200).Select(i => sampler.Sample(Trials.OneFloat, history, StudyDirection.Maximize, new Random(i)).GetDouble("x")).ToList();

        Assert.InRange(xs.Average(), 0.25, 0.35);
        Assert.True(xs.Count(x => Math.Abs(x - 0.3) < 0.1) > 150, $"{xs.Count(x => Math.Abs(x - 0.3) < 0.1)} of 200 near 0.3");
    }

    [Fact]
    public void Tpe_BeforeStartup_SamplesLikeRandom()
    {
        var history = Enumerable.Range(0, 9).Select(i => Trials.Complete(i, i)).ToList();

        var tpe = new TpeSampler().Sample(Trials.OneFloat, history, StudyDirection.Maximize, new Random(5));
        var random = new RandomSampler().Sample(Trials.OneFloat, history, StudyDirection.Maximize, new Random(5));

        Assert.Equal(random.Encoded, tpe.Encoded);
    }

    [Fact]
    public void Split_RanksPrunedTrialsBelowCompleteOnes_DeepestFirst()
    {
        var trials = new[]
        {
            Trials.Complete(0, 0.1),
            Trials.Pruned(1, (0, 0.9), (1, 0.95)),
            Trials.Complete(2, 0.2),
            Trials.Pruned(3, (0, 0.99)),
            Trials.Pruned(4, (0, 0.5), (1, 0.6)),
        };

        var (good, bad) = TpeSplit.Split(trials, 3, StudyDirection.Maximize);

        // Both complete trials first, however poor; then the pruned trial that got furthest with the best last value.
        Assert.Equal([0, 1, 2], good.Select(t => t.Number));
        Assert.Equal([3, 4], bad.Select(t => t.Number));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(100, 10)]
    [InlineData(1000, 25)]
    public void Gamma_IsOptunasDefault(int n, int expected) => Assert.Equal(expected, TpeSplit.Gamma(n));

    [Fact]
    public async Task Tpe_FindsABetterOptimumThanRandomSearch_OnTheSameBudget()
    {
        var space = new SearchSpace([new FloatParameter("x", 0, 1), new FloatParameter("y", 0, 1)]);
        static Task<double> Objective(Trial trial, CancellationToken _) =>
            Task.FromResult(-Math.Pow(trial.Params.GetDouble("x") - 0.3, 2) - Math.Pow(trial.Params.GetDouble("y") - 0.7, 2));

        async Task<double> MeanRegret(ISampler sampler)
        {
            var regrets = new List<double>();
            foreach (var seed in Enumerable.Range(1, 8))
            {
                var result = await Trials.Study().OptimizeAsync(space, Objective, new StudyOptions
                {
                    Direction = StudyDirection.Maximize,
                    Trials = 60,
                    Parallelism = 1,
                    Seed = seed,
                    Sampler = sampler,
                });
                regrets.Add(-result.BestTrial.Value!.Value);
            }
            return regrets.Average();
        }

        var tpe = await MeanRegret(new TpeSampler());
        var random = await MeanRegret(new RandomSampler());

        Assert.True(tpe < random / 3, $"mean regret: TPE {tpe:E2}, random {random:E2}");
    }
}
