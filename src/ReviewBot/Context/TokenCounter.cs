using Microsoft.ML.Tokenizers;

namespace ReviewBot.Context;

/// <summary>Counts tokens the way current OpenAI models do (o200k_base), so budgets mean what the provider bills.</summary>
public sealed class TokenCounter
{
    private static readonly Lazy<Tokenizer> Shared = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : Shared.Value.CountTokens(text);
}
