using System.Diagnostics;

namespace ReviewBot.Registration;

/// <summary>Opens a page for a person at a terminal; where there is none (a pipe, a container, a test), the printed URL is the way.</summary>
internal static class Browser
{
    public static void TryOpen(Uri url)
    {
        if (Console.IsOutputRedirected)
        {
            return;
        }

        var opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsWindows() ? "explorer" : "xdg-open";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener, [url.AbsoluteUri]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No opener on this machine: the URL is printed above.
        }
    }
}
