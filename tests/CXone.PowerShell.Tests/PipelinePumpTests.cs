using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CXone.Core.Diagnostics;
using CXone.Core.Errors;
using CXone.PowerShell.Hosting;

namespace CXone.PowerShell.Tests;

/// <summary>The base class's worker/pipeline-thread hand-off, run without a PowerShell host.</summary>
public sealed class PipelinePumpTests
{
    private sealed class RecordingSink : IPumpSink
    {
        public List<(string What, int Thread)> Calls { get; } = new();

        public void Output(object item) => Calls.Add(("out:" + item, Environment.CurrentManagedThreadId));

        public void Error(Exception error, string target) => Calls.Add(("error:" + target + ":" + error.Message, Environment.CurrentManagedThreadId));

        public void Report(CXoneReport report) => Calls.Add((report.Kind + ":" + report.Message, Environment.CurrentManagedThreadId));
    }

    private static Task Worker(PipelinePump pump, Func<CancellationToken, Task> body, CancellationToken ct) =>
        Task.Run(async () =>
        {
            using (CXoneReporting.Listen(pump))
            {
                await body(ct);
            }
        });

    [Fact]
    public void Everything_a_worker_produces_reaches_the_sink_on_the_pipeline_thread_in_order()
    {
        using var pump = new PipelinePump(outputCapacity: 2);
        var sink = new RecordingSink();
        var workerThreads = new ConcurrentBag<int>();
        var work = Worker(pump, async ct =>
        {
            for (var i = 0; i < 50; i++)
            {
                workerThreads.Add(Environment.CurrentManagedThreadId);
                CXoneReporting.Verbose("item " + i);
                await pump.EmitAsync(i, ct); // capacity 2: the worker must wait for the pipeline thread
                await Task.Yield();
            }

            pump.EmitError(new InvalidOperationException("bad"), "contact 7");
            CXoneReporting.Warning("done");
        }, CancellationToken.None);

        pump.Run(work, sink, CancellationToken.None);

        var pipelineThread = Environment.CurrentManagedThreadId;
        Assert.All(sink.Calls, c => Assert.Equal(pipelineThread, c.Thread));
        Assert.DoesNotContain(pipelineThread, workerThreads);
        var expected = Enumerable.Range(0, 50).SelectMany(i => new[] { "Verbose:item " + i, "out:" + i })
            .Concat(new[] { "error:contact 7:bad", "Warning:done" });
        Assert.Equal(expected, sink.Calls.Select(c => c.What));
    }

    [Fact]
    public void A_failure_of_the_work_is_rethrown_on_the_pipeline_thread_after_what_it_produced()
    {
        using var pump = new PipelinePump();
        var sink = new RecordingSink();
        var work = Worker(pump, async ct =>
        {
            await pump.EmitAsync("first", ct);
            throw new CXoneException(CXoneErrorKind.Forbidden, "no permission", "ask for it");
        }, CancellationToken.None);

        var thrown = Assert.Throws<CXoneException>(() => pump.Run(work, sink, CancellationToken.None));

        Assert.Equal("CXone.Forbidden", thrown.ErrorId);
        Assert.Equal(new[] { "out:first" }, sink.Calls.Select(c => c.What));
    }

    [Fact]
    public async Task Ctrl_C_cancels_the_work_and_Run_returns_with_OperationCanceledException()
    {
        using var pump = new PipelinePump();
        using var stop = new CancellationTokenSource();
        var observed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Worker(pump, async ct =>
        {
            started.SetResult(true);
            try
            {
                await Task.Delay(Timeout.Infinite, ct); // a Core call waiting on the network
            }
            catch (OperationCanceledException)
            {
                observed.SetResult(true);
                throw;
            }
        }, stop.Token);

        var run = Task.Run(() => pump.Run(work, new RecordingSink(), stop.Token));
        await started.Task;
        stop.Cancel(); // what StopProcessing does

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.True(observed.Task.IsCompleted, "the work saw the cancellation before Run returned");
    }

    [Fact]
    public async Task Run_does_not_hang_on_work_that_ignores_cancellation()
    {
        using var pump = new PipelinePump(stopGrace: TimeSpan.Zero);
        using var stop = new CancellationTokenSource();
        var never = new TaskCompletionSource<bool>().Task;

        var run = Task.Run(() => pump.Run(never, new RecordingSink(), stop.Token));
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.False(never.IsCompleted);
    }

    [Fact]
    public void DrainAvailable_hands_over_what_is_queued_without_waiting_and_says_when_work_is_done()
    {
        using var pump = new PipelinePump();
        var sink = new RecordingSink();
        pump.Post(() => sink.Output("posted"));
        pump.Report(new CXoneReport(CXoneReportKind.Debug, "Authorization: Bearer abc.def.ghi"));

        Assert.False(pump.DrainAvailable(sink));
        Assert.Equal(new[] { "out:posted", "Debug:Authorization: Bearer ***" }, sink.Calls.Select(c => c.What));
    }
    [Fact]
    public void An_exception_thrown_by_the_sink_propagates_unchanged_so_the_caller_can_stop_the_work()
    {
        using var pump = new PipelinePump();
        using var stop = new CancellationTokenSource();
        var sink = new ThrowingSink();
        var work = Worker(pump, async ct =>
        {
            for (var i = 0; ; i++)
            {
                await pump.EmitAsync(i, ct); // a producer that would run forever
            }
        }, stop.Token);

        var thrown = Assert.Throws<InvalidOperationException>(() => pump.Run(work, sink, stop.Token));
        Assert.Equal("downstream stopped", thrown.Message);
        stop.Cancel(); // what the base class does for such exceptions
        Assert.Throws<AggregateException>(() => work.Wait(TimeSpan.FromMinutes(1)));
        Assert.True(work.IsCanceled || work.IsFaulted);
    }

    private sealed class ThrowingSink : IPumpSink
    {
        public void Output(object item) => throw new InvalidOperationException("downstream stopped");

        public void Error(Exception error, string target)
        {
        }

        public void Report(CXoneReport report)
        {
        }
    }
}
