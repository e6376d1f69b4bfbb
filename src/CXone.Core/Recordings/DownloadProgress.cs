using System;
using System.Threading;
using CXone.Core.Diagnostics;

namespace CXone.Core.Recordings
{
    /// <summary>
    /// The progress activity of one file being saved: a start report (0 bytes), at most one report per
    /// <see cref="DownloadOptions.ProgressInterval"/> on the session's clock while bytes arrive, and one completed
    /// report at the end (bytes done and total on success, 0 when abandoned). Nothing is built when nobody listens.
    /// </summary>
    internal sealed class DownloadProgress
    {
        private static int _activityIds = 7000;

        private readonly CXoneRecording _recording;
        private readonly string _name;
        private readonly DownloadOptions _options;
        private readonly TimeProvider _time;
        private readonly int _activity;
        private long _last;

        /// <summary>Starts the activity and sends its first report.</summary>
        /// <param name="recording">The recording being saved.</param>
        /// <param name="name">The file name.</param>
        /// <param name="options">Interval and parent activity.</param>
        /// <param name="time">The session's clock.</param>
        public DownloadProgress(CXoneRecording recording, string name, DownloadOptions options, TimeProvider time)
        {
            _recording = recording;
            _name = name;
            _options = options;
            _time = time;
            _activity = Interlocked.Increment(ref _activityIds);
            _last = time.GetTimestamp();
            Send(0, null, false);
        }

        /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> bytes when the interval has passed since the last report.</summary>
        public void Advance(long done, long? total)
        {
            if (_time.GetElapsedTime(_last) >= _options.ProgressInterval)
            {
                _last = _time.GetTimestamp();
                Send(done, total, false);
            }
        }

        /// <summary>The file is saved: the completed report with its size.</summary>
        public void Complete(long done, long total) => Send(done, total, true);

        /// <summary>The file was not saved: the completed report with nothing done.</summary>
        public void Abandon() => Send(0, null, true);

        private void Send(long done, long? total, bool completed)
        {
            if (!CXoneReporting.IsListening)
            {
                return;
            }

            CXoneReporting.Send(new CXoneReport(CXoneReportKind.Progress, "Saving " + _name)
            {
                ActivityId = _activity,
                ParentActivityId = _options.ParentActivityId,
                Activity = "Saving recording " + _recording.ContactId,
                Completed = done,
                Total = total,
                IsCompleted = completed,
            });
        }
    }
}
