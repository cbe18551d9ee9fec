namespace ReviewBot.Tests.TestSupport;

public static class ShellScript
{
    /// <summary>Writes an executable <c>/bin/sh</c> script (LF line ends) at <paramref name="path"/>, creating its folder.</summary>
    public static string Write(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }
}
