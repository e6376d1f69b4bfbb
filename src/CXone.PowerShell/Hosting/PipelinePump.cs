using System;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// What the pipeline thread does with the items a worker produced. The cmdlet base class implements it with
    /// WriteObject/WriteError/WriteVerbose/WriteDebug/WriteWarning/WriteProgress; tests implement it with lists.
    /// Every call happens on the thread that called <see cref="PipelinePump.Run"/> or <see cref="PipelinePump.DrainAvailable"/>.
    /// </summary>
    internal interface IPumpSink
    {
        /// <summary>One output object.</summary>
        void Output(object item);

        /// <summary>A per-item error (non-terminating).</summary>
        void Error(Exception error, string target);

        /// <summary>A verbose, debug, warning or progress report from Core.</summary>
        void Report(CXoneReport report);
    }

    /// <summary>
    /// Runs Core work on worker threads and hands everything it produced to the pipeline thread (docs/architecture.md
    /// rule 2). Workers call <see cref="EmitAsync"/>, <see cref="EmitError"/>, <see cref="Post"/> and (through
    /// <see cref="CXoneReporting"/>) <see cref="Report"/>; the pipeline thread calls <see cref="Run"/> or
    /// <see cref="DrainAvailable"/>, which are the only places a sink method runs.
    /// </summary>
    /// <remarks>
    /// Output objects are bounded (<c>outputCapacity</c>) so a fast producer cannot outrun a slow pipeline by more
    /// than that many objects; reports and posted actions are not bounded (they are few and small).
    /// Cancellation: when the token passed to <see cref="Run"/> is cancelled, the pipeline thread stops waiting,
    /// gives the work <c>stopGrace</c> to observe the token, and throws <see cref="OperationCanceledException"/>.
    /// </remarks>
    internal sealed class PipelinePump : ICXoneReporter, IDisposable
    {
        private readonly BlockingCollection<Entry> _queue = new BlockingCollection<Entry>(new ConcurrentQueue<Entry>());
        private readonly SemaphoreSlim _outputSlots;
        private readonly TimeSpan _stopGrace;

        /// <summary>Creates a pump.</summary>
        /// <param name="outputCapacity">Output objects that may wait for the pipeline thread (default 1000).</param>
        /// <param name="stopGrace">How long <see cref="Run"/> waits for cancelled work to finish (default 1 s).</param>
        public PipelinePump(int outputCapacity = 1000, TimeSpan? stopGrace = null)
        {
            _outputSlots = new SemaphoreSlim(outputCapacity, outputCapacity);
            _stopGrace = stopGrace ?? TimeSpan.FromSeconds(1);
        }

        /// <summary>Queues a Core report (any thread). Never throws.</summary>
        public void Report(CXoneReport report)
        {
            TryAdd(new Entry(EntryKind.Report, report, null));
        }

        /// <summary>Queues one output object, waiting while <c>outputCapacity</c> objects are pending (any thread).</summary>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
        public async Task EmitAsync(object item, CancellationToken cancellationToken)
        {
            await _outputSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!TryAdd(new Entry(EntryKind.Output, item, null)))
            {
                _outputSlots.Release();
            }
        }

        /// <summary>Queues a per-item error (any thread); <paramref name="target"/> must already be a redacted summary.</summary>
        public void EmitError(Exception error, string target)
        {
            TryAdd(new Entry(EntryKind.Error, error, target));
        }

        /// <summary>Queues an action to run on the pipeline thread (any thread), for example writing a total count.</summary>
        public void Post(Action action)
        {
            TryAdd(new Entry(EntryKind.Action, action, null));
        }

        /// <summary>
        /// Pipeline thread: hands every queued item to <paramref name="sink"/> until <paramref name="work"/> has
        /// completed and the queue is empty, then rethrows the work's exception, if any, with its stack.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (Ctrl+C).</exception>
        public void Run(Task work, IPumpSink sink, CancellationToken cancellationToken)
        {
            work.ContinueWith(
                (_, state) => ((PipelinePump)state!).TryAdd(new Entry(EntryKind.WorkDone, null, null)),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            try
            {
                while (true)
                {
                    var entry = _queue.Take(cancellationToken);
                    if (entry.Kind == EntryKind.WorkDone)
                    {
                        break;
                    }

                    Dispatch(entry, sink);
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the token is cancelled, so the work is stopping. Wait briefly, then leave it behind.
                Task.WaitAny(new[] { work }, _stopGrace);
                throw;
            }

            DrainAvailable(sink);
            if (work.IsFaulted && work.Exception is AggregateException aggregate)
            {
                var inner = aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate;
                ExceptionDispatchInfo.Capture(inner).Throw();
            }

            if (work.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        /// <summary>Pipeline thread: hands what is queued now to <paramref name="sink"/> without waiting.</summary>
        /// <returns>True when the work finished (its completion was seen).</returns>
        public bool DrainAvailable(IPumpSink sink)
        {
            var done = false;
            while (_queue.TryTake(out var entry))
            {
                if (entry.Kind == EntryKind.WorkDone)
                {
                    done = true;
                    continue;
                }

                Dispatch(entry, sink);
            }

            return done;
        }

        /// <summary>Releases the queue and the output slots.</summary>
        public void Dispose()
        {
            _queue.CompleteAdding();
            _queue.Dispose();
            _outputSlots.Dispose();
        }

        private void Dispatch(Entry entry, IPumpSink sink)
        {
            switch (entry.Kind)
            {
                case EntryKind.Output:
                    _outputSlots.Release();
                    sink.Output(entry.Payload!);
                    break;
                case EntryKind.Error:
                    sink.Error((Exception)entry.Payload!, entry.Target ?? string.Empty);
                    break;
                case EntryKind.Report:
                    sink.Report((CXoneReport)entry.Payload!);
                    break;
                case EntryKind.Action:
                    ((Action)entry.Payload!)();
                    break;
            }
        }

        private bool TryAdd(Entry entry)
        {
            try
            {
                return _queue.TryAdd(entry);
            }
            catch (ObjectDisposedException)
            {
                return false; // the cmdlet has ended; late reports from abandoned work are dropped
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private enum EntryKind
        {
            Output,
            Error,
            Report,
            Action,
            WorkDone,
        }

        private readonly struct Entry
        {
            public Entry(EntryKind kind, object? payload, string? target)
            {
                Kind = kind;
                Payload = payload;
                Target = target;
            }

            public EntryKind Kind { get; }

            public object? Payload { get; }

            public string? Target { get; }
        }
    }
}
