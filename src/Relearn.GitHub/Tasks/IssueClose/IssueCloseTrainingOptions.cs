using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Relearn.Core;
using Relearn.Core.Training.Tuning;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>Settings of an issue-close training; all are logged as run parameters.</summary>
public sealed record IssueCloseTrainingOptions
{
    /// <summary>Hyperparameter trials (TPE).</summary>
    [Range(1, 1000)]
    public int Trials { get; init; } = 30;

    /// <summary>Trials run at once (default: one per core).</summary>
    [Range(1, 64)]
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Where trials run: in this process, or on <c>relearn worker</c> processes (needs a PostgreSQL store).</summary>
    public TrialExecutor Executor { get; init; } = TrialExecutor.InProcess;

    /// <summary>With <see cref="TrialExecutor.Hangfire"/>: how long a trial whose worker stopped answering stays claimed before another worker runs it again.</summary>
    public TimeSpan TrialLease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed of the sampler and the trees.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Newest share of issues held out as the test set.</summary>
    [Range(0.05, 0.5)]
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Expanding-window validation folds inside the training period (each a pruning step).</summary>
    [Range(1, 10)]
    public int Folds { get; init; } = 3;

    /// <summary>A test AUC below this fails the run red: no registration, no promotion, an alert.</summary>
    [Range(0.0, 1.0)]
    public double AlertBelowAuc { get; init; } = 0.60;

    /// <summary>Optional webhook that receives the alert as JSON.</summary>
    public Uri? AlertWebhook { get; init; }

    /// <summary>Throws a one-line error for the first invalid setting.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw RelearnException.Invalid(results[0].ErrorMessage ?? "invalid training option");
        }
        if (TrialLease < TimeSpan.FromSeconds(1) || TrialLease > TimeSpan.FromHours(1))
        {
            throw RelearnException.Invalid("the trial lease must be between 1 second and 1 hour");
        }
        if (AlertWebhook is { } hook && (!hook.IsAbsoluteUri || hook.Scheme is not ("http" or "https")))
        {
            throw RelearnException.Invalid("the alert webhook must be an absolute http(s) URL");
        }
    }

    /// <summary>As run params.</summary>
    public IReadOnlyDictionary<string, string> ToParams() => new Dictionary<string, string>
    {
        ["trials"] = Trials.ToString(CultureInfo.InvariantCulture),
        ["parallelism"] = Parallelism.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["test_fraction"] = TestFraction.ToString(CultureInfo.InvariantCulture),
        ["folds"] = Folds.ToString(CultureInfo.InvariantCulture),
        ["alert_below_auc"] = AlertBelowAuc.ToString(CultureInfo.InvariantCulture),
        ["executor"] = Executor == TrialExecutor.Hangfire ? "hangfire" : "in-process",
        ["sampler"] = "tpe",
        ["pruner"] = "median",
        ["split"] = "time-ordered",
    };
}
