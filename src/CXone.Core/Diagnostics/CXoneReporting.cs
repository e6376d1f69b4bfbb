using System;
using System.Threading;

namespace CXone.Core.Diagnostics
{
    /// <summary>What a report is: a verbose line, a debug line, a warning or a progress update.</summary>
    public enum CXoneReportKind
    {
        /// <summary>What Core is doing ("POST /auth/token 200 in 35 ms").</summary>
        Verbose,
        /// <summary>Detail for troubleshooting (retry decisions, paging).</summary>
        Debug,
        /// <summary>Something the user should know but that does not stop the work.</summary>
        Warning,
        /// <summary>Progress of a long operation; see <see cref="CXoneReport.ActivityId"/>.</summary>
        Progress,
    }

    /// <summary>One report from Core to the host. Messages are already sanitized.</summary>
    public sealed class CXoneReport
    {
        /// <summary>Creates a report; <paramref name="message"/> is sanitized here.</summary>
        public CXoneReport(CXoneReportKind kind, string message)
        {
            Kind = kind;
            Message = Redactor.Sanitize(message);
        }

        /// <summary>What the report is.</summary>
        public CXoneReportKind Kind { get; }

        /// <summary>The sanitized text (for progress: the status line).</summary>
        public string Message { get; }

        /// <summary>Progress only: an id that is stable for one activity (for example one file or one batch).</summary>
        public int ActivityId { get; set; }

        /// <summary>Progress only: the id of the enclosing activity, or -1.</summary>
        public int ParentActivityId { get; set; } = -1;

        /// <summary>Progress only: the activity name (for example "Saving recordings").</summary>
        public string? Activity { get; set; }

        /// <summary>Progress only: units done (bytes or items).</summary>
        public long Completed { get; set; }

        /// <summary>Progress only: units in all, or null when unknown.</summary>
        public long? Total { get; set; }

        /// <summary>Progress only: true when the activity has finished.</summary>
        public bool IsCompleted { get; set; }
    }

    /// <summary>
    /// The host seam (docs/architecture.md, rules of the house 2). A host (the cmdlet base class, a test, the benchmark) implements
    /// it and listens with <see cref="CXoneReporting.Listen"/>. Implementations must be thread-safe: Core reports
    /// from worker threads; the PowerShell host queues reports and writes them on the pipeline thread.
    /// </summary>
    public interface ICXoneReporter
    {
        /// <summary>Receives one report. Must not throw and must not block for long.</summary>
        void Report(CXoneReport report);
    }

    /// <summary>
    /// Where Core sends verbose lines, warnings and progress. The listener is ambient per async flow
    /// (<see cref="AsyncLocal{T}"/>), so two runspaces sharing one session each see their own lines.
    /// </summary>
    public static class CXoneReporting
    {
        private static readonly AsyncLocal<ICXoneReporter?> Current = new AsyncLocal<ICXoneReporter?>();

        /// <summary>Sends every report made in this async flow (and flows started from it) to <paramref name="reporter"/> until disposed.</summary>
        /// <param name="reporter">The listener.</param>
        /// <returns>Disposing restores the previous listener.</returns>
        public static IDisposable Listen(ICXoneReporter reporter)
        {
            var previous = Current.Value;
            Current.Value = reporter ?? throw new ArgumentNullException(nameof(reporter));
            return new Scope(previous);
        }

        /// <summary>True when someone listens in this flow (lets callers skip building expensive messages).</summary>
        public static bool IsListening => Current.Value != null;

        /// <summary>Reports a verbose line.</summary>
        public static void Verbose(string message) => Line(CXoneReportKind.Verbose, message);

        /// <summary>Reports a debug line.</summary>
        public static void Debug(string message) => Line(CXoneReportKind.Debug, message);

        /// <summary>Reports a warning.</summary>
        public static void Warning(string message) => Line(CXoneReportKind.Warning, message);

        /// <summary>Reports any prepared report (progress in particular).</summary>
        public static void Send(CXoneReport report)
        {
            var reporter = Current.Value;
            if (reporter is null)
            {
                return;
            }

            try
            {
                reporter.Report(report);
            }
            catch (Exception)
            {
                // A failing listener must never break the operation it observes.
            }
        }

        /// <summary>Builds (and so sanitizes) the report only when someone listens: without a listener a line costs nothing.</summary>
        private static void Line(CXoneReportKind kind, string message)
        {
            if (Current.Value != null)
            {
                Send(new CXoneReport(kind, message));
            }
        }

        private sealed class Scope : IDisposable
        {
            private readonly ICXoneReporter? _previous;
            private int _disposed;

            public Scope(ICXoneReporter? previous) => _previous = previous;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Current.Value = _previous;
                }
            }
        }
    }
}
