namespace Relearn.Core.Tracking.Search;

/// <summary>Kinds of token in MLflow's filter and order_by syntax.</summary>
internal enum SearchTokenKind
{
    Identifier,
    String,
    Number,
    Operator,
    Keyword,
    OpenParen,
    CloseParen,
    Comma,
    End,
}

/// <summary>One token with the character offset where it starts.</summary>
internal readonly record struct SearchToken(SearchTokenKind Kind, string Text, int Position);
