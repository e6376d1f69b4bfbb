using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// Runs one piece of work per item of a lazy source with at most a given number at once, and yields every
    /// result as it is ready (not in input order). One item's failure becomes that item's result and never stops the
    /// others; a failing source ends the run with its exception after the work already started has finished. Stopping
    /// the enumeration (or cancelling) cancels the work still running and waits for it.
    /// </summary>
    internal static class BoundedRunner
    {
        /// <summary>Runs <paramref name="work"/> over <paramref name="items"/>.</summary>
        /// <typeparam name="T">The item type.</typeparam>
        /// <typeparam name="TResult">The result type.</typeparam>
        /// <param name="items">The source, read as capacity frees up.</param>
        /// <param name="limit">Most pieces of work at once (1 or more).</param>
        /// <param name="work">The work of one item; it may give several results.</param>
        /// <param name="failed">The result of an item whose work threw (not for cancellation).</param>
        /// <param name="cancellationToken">Cancels the source and every piece of work.</param>
        /// <returns>The results as they come.</returns>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public static async IAsyncEnumerable<TResult> RunAsync<T, TResult>(
            IAsyncEnumerable<T> items,
            int limit,
            Func<T, CancellationToken, Task<IReadOnlyList<TResult>>> work,
            Func<T, Exception, TResult> failed,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var run = new Run<T, TResult>(limit, work, failed, cts.Token);
            var producer = Task.Run(() => run.ProduceAsync(items));
            try
            {
                while (true)
                {
                    await run.Signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (run.Results.TryDequeue(out var r))
                    {
                        yield return r;
                        continue;
                    }

                    if (run.Done)
                    {
                        break;
                    }
                }

                if (run.SourceError is { } error)
                {
                    if (error is OperationCanceledException)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    ExceptionDispatchInfo.Capture(error).Throw();
                }
            }
            finally
            {
                cts.Cancel();
                try
                {
                    await producer.ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
            }
        }

        /// <summary>The state of one run: the gate, the result queue and the signal the consumer waits on.</summary>
        private sealed class Run<T, TResult> : IDisposable
        {
            private readonly SemaphoreSlim _gate;
            private readonly Func<T, CancellationToken, Task<IReadOnlyList<TResult>>> _work;
            private readonly Func<T, Exception, TResult> _failed;
            private readonly CancellationToken _token;
            private int _done;

            public Run(int limit, Func<T, CancellationToken, Task<IReadOnlyList<TResult>>> work, Func<T, Exception, TResult> failed, CancellationToken token)
            {
                _gate = new SemaphoreSlim(limit < 1 ? 1 : limit);
                _work = work;
                _failed = failed;
                _token = token;
            }

            public ConcurrentQueue<TResult> Results { get; } = new ConcurrentQueue<TResult>();

            /// <summary>Released once per result and once at the end.</summary>
            public SemaphoreSlim Signal { get; } = new SemaphoreSlim(0);

            public bool Done => Volatile.Read(ref _done) == 1;

            public Exception? SourceError { get; private set; }

            public async Task ProduceAsync(IAsyncEnumerable<T> items)
            {
                var running = new List<Task>();
                try
                {
                    await foreach (var item in items.WithCancellation(_token).ConfigureAwait(false))
                    {
                        await _gate.WaitAsync(_token).ConfigureAwait(false);
                        var current = item;
                        running.Add(Task.Run(() => OneAsync(current)));
                        running.RemoveAll(t => t.IsCompleted);
                    }
                }
                catch (Exception e)
                {
                    SourceError = e;
                }
                finally
                {
                    try
                    {
                        await Task.WhenAll(running).ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                    }

                    Volatile.Write(ref _done, 1);
                    Signal.Release();
                }
            }

            private async Task OneAsync(T item)
            {
                try
                {
                    foreach (var r in await _work(item, _token).ConfigureAwait(false))
                    {
                        Add(r);
                    }
                }
                catch (OperationCanceledException) when (_token.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    Add(_failed(item, e));
                }
                finally
                {
                    _gate.Release();
                }
            }

            private void Add(TResult r)
            {
                Results.Enqueue(r);
                Signal.Release();
            }

            public void Dispose()
            {
                _gate.Dispose();
                Signal.Dispose();
            }
        }
    }
}
