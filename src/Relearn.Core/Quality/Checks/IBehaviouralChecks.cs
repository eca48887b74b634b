using System.Text.Json;
using Relearn.Core.Models;

namespace Relearn.Core.Quality.Checks;

/// <summary>
/// What a task supplies for <c>relearn models check</c>, the <c>check</c> step and the non-functional checks: its
/// behavioural tests and sample inputs drawn from its evaluation data. A task returns it from <see cref="IModelTask.Checks"/>.
/// </summary>
public interface IBehaviouralChecks
{
    /// <summary>The field of a prediction holding the positive-class score that DIR and LEAK tests compare.</summary>
    string ScoreField => "probability";

    /// <summary>
    /// True when each input must be scored alone: a batch would lend the inputs context from each other (issue-close builds
    /// each issue's repository history from the batch), so a changed input would move its neighbours' predictions.
    /// </summary>
    bool ScoresAlone => false;

    /// <summary>The tests for a model with <paramref name="manifest"/>, built from templates and from canonical evaluation data.</summary>
    IReadOnlyList<BehaviouralTest> Tests(ModelManifest manifest, byte[] evaluationData);

    /// <summary>Up to <paramref name="count"/> inputs, as <c>predict</c> takes them, drawn from canonical evaluation data.</summary>
    IReadOnlyList<JsonElement> SampleInputs(byte[] evaluationData, int count);
}
