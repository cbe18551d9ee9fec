// By-hand measurements of the review engine; see run.sh.
//
//   engine-time --files N [--changed M] [--runs R]    engine time and tokens per review, zero-latency scripted model
//   context-recall --list FILE [--budget 16000]        does the context pack hold the definitions the changed lines call?
//   context-bench --repos FILE [--per-repo 8]           the context benchmark: recall, precision and cost at 4k/16k/64k on commits picked by rule
//   index-time --repo GITDIR [--commit C] [--next C2]    the symbol index alone: cold, warm and updated to the next commit
//   context-cost --generate DIR [--files 100000] [--changed 169] [--seed N]   a large generated repository and one commit on it
//   context-cost --repo GITDIR --base A --head B [--cold-warm]           time, allocation and peak RSS of the context step
//   publish-calls --files N                            GitHub calls per review and webhook-to-review time (fake GitHub, zero latency)
using ReviewBot.Benchmarks.Engine;

return args switch
{
    ["engine-time", .. var rest] => await EngineTime.RunAsync(rest),
    ["context-recall", .. var rest] => await ContextRecall.RunAsync(rest),
    ["context-bench", .. var rest] => await ContextBench.RunAsync(rest),
    ["context-cost", .. var rest] => await ContextCost.RunAsync(rest),
    ["publish-calls", .. var rest] => await PublishCalls.RunAsync(rest),
    ["index-time", .. var rest] => await IndexTime.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: engine-time --files N [--changed M] [--runs R] | context-recall --list FILE [--budget TOKENS] | context-bench --repos FILE [--per-repo N] [--only OWNER/NAME@COMMIT] | context-cost --generate DIR [--files N] [--changed M] [--seed S] | context-cost --repo GITDIR --base A --head B [--cold-warm] [--index DIR]");
    return 2;
}
