using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Errors;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// The loops of the read cmdlets. By id (Get-CXoneAgent -AgentId, Get-CXoneSkill -SkillId, Get-CXoneTeam -TeamId,
    /// Get-CXoneAgentSkill): one Core call per id, in the order given; a failure of one id that
    /// <see cref="CXoneFailurePolicy.IsItemFailure"/> calls an item failure (a 404 for an unknown id, a 403, a 5xx after
    /// every retry) is a non-terminating error for that id and the next id goes on; any other failure ends the run.
    /// </summary>
    internal static class ItemLookups
    {
        /// <summary>Looks up each id with <paramref name="lookup"/> and emits what it returns.</summary>
        /// <param name="pump">Where the objects and the per-id errors go.</param>
        /// <param name="ids">The ids.</param>
        /// <param name="noun">What an id names, for the error's target (for example <c>agent</c>: <c>agent 30000001</c>).</param>
        /// <param name="lookup">The Core call for one id.</param>
        /// <param name="cancellationToken">Ctrl+C.</param>
        /// <exception cref="CXoneException">A failure that ends the run (the session is gone).</exception>
        /// <exception cref="OperationCanceledException">The run was stopped.</exception>
        public static async Task EmitEachAsync<T>(PipelinePump pump, IEnumerable<long> ids, string noun, Func<long, CancellationToken, Task<T>> lookup, CancellationToken cancellationToken)
            where T : class
        {
            foreach (var id in ids)
            {
                T item;
                try
                {
                    item = await lookup(id, cancellationToken).ConfigureAwait(false);
                }
                catch (CXoneException e) when (CXoneFailurePolicy.IsItemFailure(e))
                {
                    pump.EmitError(e, Target(noun, id));
                    continue;
                }

                await pump.EmitAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Reads each id's list with <paramref name="read"/> and emits its items as they arrive; a failure part-way
        /// through one id's list keeps the items already written and goes on with the next id.
        /// </summary>
        /// <param name="pump">Where the objects and the per-id errors go.</param>
        /// <param name="ids">The ids.</param>
        /// <param name="noun">What an id names, for the error's target.</param>
        /// <param name="read">The Core call for one id.</param>
        /// <param name="cancellationToken">Ctrl+C.</param>
        /// <exception cref="CXoneException">A failure that ends the run (the session is gone).</exception>
        /// <exception cref="OperationCanceledException">The run was stopped.</exception>
        public static async Task EmitEachListAsync<T>(PipelinePump pump, IEnumerable<long> ids, string noun, Func<long, CancellationToken, IAsyncEnumerable<T>> read, CancellationToken cancellationToken)
            where T : class
        {
            foreach (var id in ids)
            {
                try
                {
                    await foreach (var item in read(id, cancellationToken).ConfigureAwait(false))
                    {
                        await pump.EmitAsync(item, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (CXoneException e) when (CXoneFailurePolicy.IsItemFailure(e))
                {
                    pump.EmitError(e, Target(noun, id));
                }
            }
        }

        /// <summary>
        /// Emits a list's items as they arrive. When <paramref name="whole"/> is given (the run reads the whole list:
        /// no filter, no paging), it receives every item once the last page is read, to replace a session's cached list;
        /// a run that fails or is stopped part-way hands nothing on.
        /// </summary>
        /// <param name="pump">Where the objects go.</param>
        /// <param name="items">The Core call's stream.</param>
        /// <param name="whole">Receives the whole list, or null.</param>
        /// <param name="cancellationToken">Ctrl+C.</param>
        /// <exception cref="CXoneException">The list could not be read.</exception>
        /// <exception cref="OperationCanceledException">The run was stopped.</exception>
        public static async Task EmitListAsync<T>(PipelinePump pump, IAsyncEnumerable<T> items, Action<IReadOnlyList<T>>? whole, CancellationToken cancellationToken)
            where T : class
        {
            var seen = whole is null ? null : new List<T>();
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                seen?.Add(item);
                await pump.EmitAsync(item, cancellationToken).ConfigureAwait(false);
            }

            if (seen != null)
            {
                whole!(seen);
            }
        }

        /// <summary>For example <c>agent 30000001</c>, or <c>agents 30000001, 30000002</c> for several ids.</summary>
        public static string Target(string noun, IReadOnlyList<long> ids) =>
            ids.Count == 1 ? Target(noun, ids[0]) : noun + "s " + string.Join(", ", ConvertAll(ids));

        private static string Target(string noun, long id) => noun + " " + id.ToString(CultureInfo.InvariantCulture);

        private static IEnumerable<string> ConvertAll(IEnumerable<long> ids)
        {
            foreach (var id in ids)
            {
                yield return id.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
