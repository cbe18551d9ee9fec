namespace ReviewBot.Context;

/// <summary>
/// A compiler error the change introduces on one of its added lines: where (head side), the diagnostic id and message,
/// and the line's code as it is at the head, so a finding made from it can quote its evidence.
/// </summary>
public sealed record CompilerError(string Path, int Line, int Column, string Id, string Message, string Code);
