using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.PowerShell.Errors;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// Base class of every CXone cmdlet (docs/architecture.md, rules of the house 2 and 7). Runs one Core call on a worker while the
    /// pipeline thread drains what it produced (objects, per-item errors, Core's verbose, debug, warning and progress
    /// reports), so that WriteObject, WriteError, WriteVerbose, WriteProgress and ShouldProcess only run on the
    /// pipeline thread. One <see cref="CancellationTokenSource"/> per cmdlet, cancelled by
    /// <see cref="StopProcessing"/> (Ctrl+C): the cmdlet returns within about a second. Core's
    /// <see cref="Core.Errors.CXoneException"/> becomes an ErrorRecord with ErrorId <c>CXone.&lt;Kind&gt;</c>.
    /// </summary>
    public abstract class CXoneCmdlet : PSCmdlet, IPumpSink, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly System.Collections.Generic.List<Task> _background = new System.Collections.Generic.List<Task>();
        private PipelinePump? _backgroundPump;
        private bool? _progressSilent;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken StopToken => _stop.Token;

        /// <summary>
        /// Runs <paramref name="work"/> on a worker and pumps its output onto the pipeline thread until it ends.
        /// A <see cref="Core.Errors.CXoneException"/> or other failure of the work ends the cmdlet with a terminating
        /// error whose target is <paramref name="target"/> (summarized, redacted); per-item failures should be sent
        /// with <see cref="PipelinePump.EmitError"/> instead.
        /// </summary>
        /// <param name="work">The Core call; emits objects with <see cref="PipelinePump.EmitAsync"/>.</param>
        /// <param name="target">What the call is about, for the error record (for example a contact id).</param>
        /// <exception cref="PipelineStoppedException">The user pressed Ctrl+C.</exception>
        private protected void Run(Func<PipelinePump, CancellationToken, Task> work, object? target = null)
        {
            Run<object?>(async (pump, ct) => { await work(pump, ct).ConfigureAwait(false); return null; }, target);
        }

        /// <summary>Like <see cref="Run(Func{PipelinePump, CancellationToken, Task}, object)"/>, returning the work's result on the pipeline thread.</summary>
        /// <typeparam name="T">The result type.</typeparam>
        /// <exception cref="PipelineStoppedException">The user pressed Ctrl+C.</exception>
        private protected T Run<T>(Func<PipelinePump, CancellationToken, Task<T>> work, object? target = null)
        {
            using (var pump = new PipelinePump())
            {
                return Pump(pump, Start(pump, work), target);
            }
        }

        /// <summary>
        /// Starts <paramref name="work"/> on a worker and returns at once (for Core calls that read pipeline input as it
        /// arrives). <see cref="DrainBackground"/> writes what it produced so far; <see cref="FinishBackground"/> waits for it.
        /// </summary>
        private protected void StartBackground(Func<PipelinePump, CancellationToken, Task> work)
        {
            _backgroundPump ??= new PipelinePump();
            _background.Add(Start(_backgroundPump, async (pump, ct) => { await work(pump, ct).ConfigureAwait(false); return (object?)null; }));
        }

        /// <summary>Pipeline thread: writes what background work produced so far, without waiting.</summary>
        /// <remarks>A Write that throws (Select-Object -First downstream, -ErrorAction Stop) stops the background work too.</remarks>
        private protected void DrainBackground()
        {
            try
            {
                _backgroundPump?.DrainAvailable(this);
            }
            catch
            {
                _stop.Cancel();
                throw;
            }
        }

        /// <summary>Pipeline thread: writes everything background work produces until it ends; failures end the cmdlet as in Run.</summary>
        private protected void FinishBackground(object? target = null)
        {
            if (_backgroundPump != null)
            {
                Pump(_backgroundPump, Task.WhenAll(_background), target);
            }
        }

        private Task<T> Start<T>(PipelinePump pump, Func<PipelinePump, CancellationToken, Task<T>> work)
        {
            var ct = _stop.Token;
            return Task.Run(
                async () =>
                {
                    using (CXoneReporting.Listen(pump))
                    {
                        return await work(pump, ct).ConfigureAwait(false);
                    }
                },
                ct);
        }

        private T Pump<T>(PipelinePump pump, Task<T> task, object? target) => Pump(pump, (Task)task, target) ? task.GetAwaiter().GetResult() : default!;

        private bool Pump(PipelinePump pump, Task task, object? target)
        {
            var ct = _stop.Token;
            try
            {
                pump.Run(task, this, ct);
                return true; // the task has completed successfully: Run returned without throwing
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception error) when (IsFailureOf(task, error))
            {
                ThrowTerminatingError(ErrorRecords.Create(error, target));
                throw; // not reached: ThrowTerminatingError always throws
            }
            catch
            {
                // Thrown by a Write call: the pipeline stops downstream (Select-Object -First) or -ErrorAction Stop
                // turned an error into a stop. The work must stop too, and the exception goes on unchanged.
                _stop.Cancel();
                throw;
            }
        }

        private static bool IsFailureOf(Task task, Exception error) =>
            task.IsFaulted && task.Exception is AggregateException failure && (ReferenceEquals(failure, error) || failure.InnerExceptions.Contains(error));

        /// <summary>Pipeline thread: writes a progress record unless $ProgressPreference silences progress.</summary>
        private protected void Progress(CXoneReport report) => WriteProgressReport(report);

        /// <summary>Runs <paramref name="step"/> on the pipeline thread; a failure ends the cmdlet with its ErrorRecord.</summary>
        private protected T Guard<T>(Func<T> step, object? target = null)
        {
            try
            {
                return step();
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorRecords.Create(error, target));
                throw; // not reached
            }
        }

        /// <summary>Ends the cmdlet with the ErrorRecord of <paramref name="error"/> (nothing can go on).</summary>
        protected void Terminate(Exception error, object? target = null) => ThrowTerminatingError(ErrorRecords.Create(error, target));

        /// <summary>Cancels the running Core call (Ctrl+C).</summary>
        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>Stops work that is still running (the pipeline ended early) and releases the cancellation source.</summary>
        public void Dispose()
        {
            _stop.Cancel();
            _backgroundPump?.Dispose();
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }

        void IPumpSink.Output(object item) => WriteObject(item);

        void IPumpSink.Error(Exception error, string target) => WriteError(ErrorRecords.Create(error, target));

        void IPumpSink.Report(CXoneReport report)
        {
            switch (report.Kind)
            {
                case CXoneReportKind.Verbose: WriteVerbose(report.Message); break;
                case CXoneReportKind.Debug: WriteDebug(report.Message); break;
                case CXoneReportKind.Warning: WriteWarning(report.Message); break;
                case CXoneReportKind.Progress: WriteProgressReport(report); break;
            }
        }

        private void WriteProgressReport(CXoneReport report)
        {
            if (_progressSilent is null)
            {
                var preference = GetVariableValue("ProgressPreference");
                _progressSilent = preference is ActionPreference p && (p == ActionPreference.SilentlyContinue || p == ActionPreference.Ignore);
            }

            if (_progressSilent.Value)
            {
                return;
            }

            var activity = string.IsNullOrEmpty(report.Activity) ? "CXone" : report.Activity;
            var status = string.IsNullOrEmpty(report.Message) ? activity : report.Message;
            var record = new ProgressRecord(report.ActivityId, activity, status) { ParentActivityId = report.ParentActivityId };
            if (report.Total is long total && total > 0)
            {
                record.PercentComplete = (int)Math.Min(100, Math.Max(0, report.Completed * 100 / total));
            }

            if (report.IsCompleted)
            {
                record.RecordType = ProgressRecordType.Completed;
            }

            WriteProgress(record);
        }
    }
}
