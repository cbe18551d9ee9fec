namespace ReviewBot.Workspace;

public sealed record TreeEntry(string Path, string ObjectId, string Mode);

public sealed record GrepHit(string Path, int Line, string Text);

public sealed record CommitInfo(string Sha, string Author, string Subject, string Body);
