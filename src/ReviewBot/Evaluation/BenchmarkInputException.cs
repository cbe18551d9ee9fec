namespace ReviewBot.Evaluation;

/// <summary>A benchmark file is wrong (its type, a null, a missing field, its size); the message names the file and the entry.</summary>
public sealed class BenchmarkInputException(string message) : Exception(message)
{
    public BenchmarkInputException() : this("invalid benchmark input.") { }

    public BenchmarkInputException(string message, Exception innerException) : this(message) => _ = innerException;
}
