using System.Text.Json;

namespace Relearn.Core.Quality.Checks;

/// <summary>The kinds of check in a report: CheckList's three test types, the leak check and non-functional checks.</summary>
public enum CheckKind
{
    /// <summary>Minimum functionality: simple, clear inputs with a known answer.</summary>
    Mft,

    /// <summary>Invariance: a change that must not move the predicted label.</summary>
    Inv,

    /// <summary>Directional: a change that must move the score one way (or at least not the other).</summary>
    Dir,

    /// <summary>Leak: fields unknown at prediction time change; the score must not move at all.</summary>
    Leak,

    /// <summary>Non-functional: size, load time, latency, allocations, throughput, finite outputs.</summary>
    Nfr,
}

/// <summary>How a case's prediction is judged.</summary>
public enum CheckExpectation
{
    /// <summary>The predicted label equals <see cref="CheckCase.Label"/>.</summary>
    Label,

    /// <summary>The variant's label equals the original's.</summary>
    SameLabel,

    /// <summary>The variant's score equals the original's (within <see cref="BehaviouralTest.Tolerance"/>).</summary>
    SameScore,

    /// <summary>The variant's score does not fall below the original's by more than the tolerance.</summary>
    NotDown,

    /// <summary>The variant's score does not rise above the original's by more than the tolerance.</summary>
    NotUp,
}

/// <summary>One case: an input, its variant (for INV, DIR and LEAK) and, for MFT, the expected label.</summary>
/// <param name="Description">What the case is, for the report's failing examples.</param>
/// <param name="Input">The input object as the model's <c>predict</c> takes it.</param>
/// <param name="Variant">The changed input; null for MFT.</param>
/// <param name="Label">The expected label (MFT).</param>
public sealed record CheckCase(string Description, JsonElement Input, JsonElement? Variant = null, string? Label = null);

/// <summary>One behavioural test: a name, a kind, its cases and how each is judged.</summary>
/// <param name="Name">Test name, e.g. <c>invariance: person names</c>.</param>
/// <param name="Kind">MFT, INV, DIR or LEAK.</param>
/// <param name="Expectation">How each case is judged.</param>
/// <param name="Cases">The cases.</param>
/// <param name="Tolerance">Score movement allowed (SameScore, NotDown, NotUp).</param>
public sealed record BehaviouralTest(string Name, CheckKind Kind, CheckExpectation Expectation, IReadOnlyList<CheckCase> Cases, double Tolerance = 0);
