using System.Threading;
using System.Threading.Tasks;

namespace CXone.Core.Support
{
    /// <summary>
    /// For a task whose failure nobody may ever await (a shared renewal every caller abandoned, a listener that was
    /// given up on): reading its exception marks it observed, so the runtime never reports it as unobserved.
    /// </summary>
    internal static class TaskFaults
    {
        /// <summary>Marks a later fault of <paramref name="task"/> as observed; the task itself is unchanged.</summary>
        /// <param name="task">The task that may fault after everyone stopped waiting for it.</param>
        public static void Observe(Task task) =>
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
