using System.Text.Json;
using Relearn.Core.Quality;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Quality.TestScore;
using Relearn.Core.Registry;

namespace Relearn.Core.Tests.Quality;

public sealed class ModelQualityTests(QualityFixture f) : IClassFixture<QualityFixture>
{
    [Fact]
    public async Task Check_TextClassifier_ReportsMftInvDirAndNfrTestsWithConsistentCounts_Issue13()
    {
        var version = await f.RegisterAsync("check-kinds");

        var report = await f.Quality.CheckAsync(version, CheckThresholds.Default, new NonFunctionalThresholds());

        Assert.Equal(["DIR", "INV", "MFT", "NFR"], report.Tests.Select(t => t.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(report.Tests, t => t.Name == "invariance: person names");
        Assert.Contains(report.Tests, t => t.Name == "invariance: typos");
        Assert.Contains(report.Tests, t => t.Name == "invariance: punctuation");
        Assert.Contains(report.Tests, t => t.Name == "invariance: casing");
        Assert.Contains(report.Tests, t => t.Name.StartsWith("directional: negation", StringComparison.Ordinal));
        Assert.Contains(report.Tests, t => t.Name.StartsWith("directional: intensifiers", StringComparison.Ordinal));
        foreach (var test in report.Tests.Where(t => t.Kind != "NFR"))
        {
            Assert.True(test.Cases > 0, test.Name);
            Assert.Equal(Math.Round((test.Cases - test.Failures) / (double)test.Cases, 4), test.PassRate);
            Assert.Equal(Math.Min(test.Failures, CheckRunner.ExamplesKept), test.Examples.Count);
        }
        // A classifier trained on 1000 yelp sentences gets the simplest sentences mostly right.
        Assert.True(report.Tests.Single(t => t.Kind == "MFT").PassRate >= 0.6);
        var recorded = await f.Quality.Records.LatestAsync<CheckReport>(ModelQuality.CheckKindName, version.Name, version.Version);
        Assert.NotNull(recorded);
        Assert.Equal(report.Tests.Count, recorded.Report.Tests.Count);
    }

    [Fact]
    public async Task Check_NfrGate_TooTightFailsTheReportNamingTheFigure()
    {
        var version = await f.RegisterAsync("check-nfr-gate");

        var report = await f.Quality.CheckAsync(version, new CheckThresholds(0, 0, 0, 0), new NonFunctionalThresholds(MaxPackageMb: 0.000001), record: false);

        var failed = Assert.Single(report.Failed);
        Assert.Equal("nfr: package size (MiB)", failed.Name);
        Assert.False(report.Passed);
        Assert.True(failed.Value > 0);
    }

    [Fact]
    public async Task Measure_AtRegistration_RecordsFiguresAndWritesThemIntoTheModelCard()
    {
        var version = await f.RegisterAsync("measure-card");

        var (figures, report) = await f.Quality.MeasureAsync(version, new NonFunctionalThresholds());
        await f.Quality.AddToCardAsync(version, figures, report);

        Assert.True(figures.PackageBytes > 0);
        Assert.True(figures.P50Ms > 0 && figures.P99Ms >= figures.P50Ms);
        Assert.True(figures.BatchRowsPerSecond > 0);
        Assert.Equal(0, figures.NonFiniteOutputs);
        Assert.True(figures.NumbersChecked > 0);
        var card = await f.Quality.ReadCardAsync(version);
        Assert.Contains("## Intended use", card, StringComparison.Ordinal);
        Assert.Contains(ModelQuality.NfrHeading, card, StringComparison.Ordinal);
        Assert.Contains("nfr: p99 single-prediction latency (ms)", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_HasTheTwentyEightTestsAndIsTheLeastSectionTotal()
    {
        var version = await f.RegisterAsync("score-shape");

        var report = await f.Quality.ScoreAsync(version);

        Assert.Equal(28, report.Tests.Count);
        Assert.All(TestScoreRubric.Sections, s => Assert.Equal(7, report.Tests.Count(t => t.Section == s)));
        Assert.Equal(report.Sections.Values.Min(), report.Score);
        Assert.Equal(["data", "model", "infrastructure", "monitoring"], report.Sections.Keys);
        // Without a check or measurement only the training run's own records count, such as its seed and dataset hash.
        Assert.Equal(TestStatus.Automated, report.Tests.Single(t => t.Id == "infra-1").Status);
        Assert.Equal(TestStatus.Missing, report.Tests.Single(t => t.Id == "data-4").Status);
        Assert.Equal(TestStatus.Missing, report.Tests.Single(t => t.Id == "data-5").Status);
        var json = JsonDocument.Parse(JsonSerializer.Serialize(report, JsonDefaults.Compact)).RootElement;
        Assert.Equal("automated", json.GetProperty("tests")[14].GetProperty("status").GetString());
        Assert.True(json.TryGetProperty("score", out _));
        Assert.Equal(["id", "section", "name", "status", "evidence"], json.GetProperty("tests")[4].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Score_AfterCheckAndMeasurement_AutomatesTheTestsTheyEvidence()
    {
        var version = await f.RegisterAsync("score-evidence");
        var before = await f.Quality.ScoreAsync(version);
        await f.Quality.CheckAsync(version, new CheckThresholds(0, 0, 0, 0), new NonFunctionalThresholds());
        await f.Quality.MeasureAsync(version, new NonFunctionalThresholds());

        var after = await f.Quality.ScoreAsync(version);

        foreach (var id in new[] { "data-3", "model-7", "infra-2", "monitor-5", "monitor-6" })
        {
            Assert.Equal(TestStatus.Missing, before.Tests.Single(t => t.Id == id).Status);
            Assert.Equal(TestStatus.Automated, after.Tests.Single(t => t.Id == id).Status);
        }
        Assert.Contains("person names", after.Tests.Single(t => t.Id == "model-7").Evidence, StringComparison.Ordinal);
        Assert.True(after.Sections["data"] > before.Sections["data"]);
    }

    [Fact]
    public async Task Score_ManualRecord_CountsHalfAPointWithWhoAndWhat()
    {
        var version = await f.RegisterAsync("score-manual");
        var before = await f.Quality.ScoreAsync(version);

        await f.Quality.Records.RecordManualAsync(version.Name, "data-5", "privacy review PR #12", "alice");
        var after = await f.Quality.ScoreAsync(version);

        var item = after.Tests.Single(t => t.Id == "data-5");
        Assert.Equal(TestStatus.Manual, item.Status);
        Assert.Equal(0.5, item.Points);
        Assert.Contains("alice", item.Evidence, StringComparison.Ordinal);
        Assert.Contains("privacy review PR #12", item.Evidence, StringComparison.Ordinal);
        Assert.Equal(before.Sections["data"] + 0.5, after.Sections["data"]);
    }

    [Fact]
    public async Task Guard_BelowMinTestScore_RefusesNamingTheMissingTests_Issue13()
    {
        var version = await f.RegisterAsync("guarded-score");
        var score = (await f.Quality.ScoreAsync(version)).Score;

        var refused = await f.Quality.GuardAsync(version, "production", score + 1);
        var allowed = await f.Quality.GuardAsync(version, "production", score);

        Assert.NotNull(refused);
        Assert.False(refused.Promoted);
        Assert.Equal(PromotionRefusal.BelowTestScore, refused.Refusal);
        Assert.Contains("min_test_score", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("data-5", refused.Reason, StringComparison.Ordinal);
        Assert.Null(allowed);
        Assert.Null(await f.Store.GetAliasAsync(version.Name, "production"));
    }

    [Fact]
    public void Rubric_UnknownIds_AreNamed()
    {
        Assert.Equal(["data-8", "bogus"], TestScoreRubric.Unknown(["data-1", "data-8", "monitor-7", "bogus"]));
        Assert.Equal(28, TestScoreRubric.Tests.Select(t => t.Id).Distinct().Count());
    }
}
