namespace ReviewBot.Context.CSharp;

/// <summary>
/// Which projects of the changed files' reference graph to compile when the graph is larger than the cap. Walking the
/// references depth first and stopping at the cap leaves out whatever comes last, often the library every other project
/// is built on (a test project's first references are other test projects). Instead: the changed files' projects, then
/// those that most of the graph references (directly or through others), then the nearest.
/// </summary>
public static class ProjectPlan
{
    public static async Task<HashSet<string>> ChooseAsync(IReadOnlyList<string> roots, Func<string, Task<IReadOnlyList<string>>> referencesOf,
        int max, int maxExplored)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(referencesOf);
        var distance = new Dictionary<string, int>(StringComparer.Ordinal);
        var edges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var root in roots.Where(r => distance.TryAdd(r, 0)))
        {
            queue.Enqueue(root);
        }
        while (queue.Count > 0 && edges.Count < maxExplored)
        {
            var project = queue.Dequeue();
            edges[project] = await referencesOf(project);
            foreach (var reference in edges[project].Where(r => distance.TryAdd(r, distance[project] + 1)))
            {
                queue.Enqueue(reference);
            }
        }
        var reach = distance.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var from in edges.Keys)
        {
            foreach (var below in Below(from, edges))
            {
                reach[below]++;
            }
        }
        var chosen = roots.Distinct(StringComparer.Ordinal).Take(max).ToHashSet(StringComparer.Ordinal);
        foreach (var project in distance.Keys.Where(p => !chosen.Contains(p))
            .OrderByDescending(p => reach[p]).ThenBy(p => distance[p]).ThenBy(p => p, StringComparer.Ordinal).Take(Math.Max(0, max - chosen.Count)))
        {
            chosen.Add(project);
        }
        return chosen;
    }

    /// <summary>Every project <paramref name="from"/> references, directly or through others (itself left out).</summary>
    private static HashSet<string> Below(string from, Dictionary<string, IReadOnlyList<string>> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(edges.GetValueOrDefault(from) ?? []);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (next != from && seen.Add(next))
            {
                foreach (var reference in edges.GetValueOrDefault(next) ?? [])
                {
                    stack.Push(reference);
                }
            }
        }
        return seen;
    }
}
