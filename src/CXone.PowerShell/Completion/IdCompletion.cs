using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core;
using CXone.PowerShell.Sessions;

namespace CXone.PowerShell.Completion
{
    /// <summary>
    /// What the id completers share: the session to ask (the command's <c>-Session</c> when its value is known, else
    /// the runspace's default), a bounded read of a whole list, and the matching of what has been typed.
    /// </summary>
    internal static class IdCompletion
    {
        /// <summary>The longest a completion waits for a list: 5 seconds; then it offers nothing.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

        /// <summary>The session a completion reads with, or null (then there is nothing to offer).</summary>
        public static CXoneSession? SessionOf(IDictionary? fakeBoundParameters)
        {
            var given = fakeBoundParameters?["Session"];
            if (given is PSObject wrapped)
            {
                given = wrapped.BaseObject;
            }

            return given as CXoneSession ?? SessionRegistry.Current;
        }

        /// <summary>
        /// A completer's whole run: the session's cached list, or else the list read now (bounded by
        /// <see cref="Timeout"/>) and cached, matched by <paramref name="match"/>. Nothing without a session, when the
        /// read fails or takes too long, or on any other failure: a completion never writes an error or prompts.
        /// </summary>
        public static IEnumerable<CompletionResult> Complete<T>(
            IDictionary? fakeBoundParameters,
            Func<CXoneSession, IReadOnlyList<T>?> cached,
            Action<CXoneSession, IReadOnlyList<T>> replace,
            Func<CXoneSession, CancellationToken, IAsyncEnumerable<T>> read,
            Func<IReadOnlyList<T>, IEnumerable<CompletionResult>> match)
        {
            try
            {
                var session = SessionOf(fakeBoundParameters);
                if (session is null)
                {
                    return None;
                }

                var items = cached(session);
                if (items is null)
                {
                    items = ReadAll(ct => read(session, ct));
                    if (items is null)
                    {
                        return None;
                    }

                    replace(session, items);
                }

                return match(items);
            }
            catch (Exception)
            {
                // A disposed session or anything unexpected: completion offers nothing rather than an error.
                return None;
            }
        }

        /// <summary>
        /// Reads a whole list on a worker, waiting at most <see cref="Timeout"/>. Returns null when it took longer
        /// (the read is cancelled) or failed in any way; a completion must never write an error or prompt.
        /// </summary>
        public static IReadOnlyList<T>? ReadAll<T>(Func<CancellationToken, IAsyncEnumerable<T>> read)
        {
            var cts = new CancellationTokenSource(Timeout);
            var task = Task.Run(async () =>
            {
                var all = new List<T>();
                await foreach (var item in read(cts.Token).ConfigureAwait(false))
                {
                    all.Add(item);
                }

                return (IReadOnlyList<T>)all;
            });
            // Observe a late failure so it never surfaces as an unobserved task exception, then free the timer.
            task.ContinueWith(t => { _ = t.Exception; cts.Dispose(); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                return task.Wait(Timeout) ? task.Result : null;
            }
            catch (AggregateException)
            {
                return null;
            }
        }

        /// <summary>
        /// The items whose id starts with <paramref name="wordToComplete"/> (quotes removed) or whose name contains it
        /// (without regard to case), in list order, as the bare id with <paramref name="label"/> as the list text.
        /// </summary>
        public static IEnumerable<CompletionResult> Match<T>(IEnumerable<T> items, string? wordToComplete, Func<T, long> id, Func<T, string?> name, Func<T, string> label, Func<T, string> toolTip)
        {
            var typed = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
            var results = new List<CompletionResult>();
            foreach (var item in items)
            {
                var text = id(item).ToString(CultureInfo.InvariantCulture);
                var itemName = name(item);
                if (typed.Length == 0 || text.StartsWith(typed, StringComparison.Ordinal) ||
                    (itemName != null && itemName.IndexOf(typed, StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    results.Add(new CompletionResult(text, label(item), CompletionResultType.ParameterValue, toolTip(item)));
                }
            }

            return results;
        }

        /// <summary><c>&lt;id&gt; - &lt;name&gt;</c>, or the id alone when the item has no name.</summary>
        public static string Label(long id, string? name) =>
            id.ToString(CultureInfo.InvariantCulture) + (string.IsNullOrEmpty(name) ? string.Empty : " - " + name);

        /// <summary>Nothing to offer.</summary>
        public static IEnumerable<CompletionResult> None => Enumerable.Empty<CompletionResult>();
    }
}
