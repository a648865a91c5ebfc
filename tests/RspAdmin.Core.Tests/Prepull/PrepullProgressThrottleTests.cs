using RspAdmin.Core.Prepull;

namespace RspAdmin.Core.Tests.Prepull;

/// <summary>Progress of a large prepull drawn a few times a second, with a bounded number of node bars.</summary>
public sealed class PrepullProgressThrottleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private static PrepullProgress Started(int node, int overallDone = 0, int total = 100) =>
        new($"node{node}", node, 0, 2, "w_2024_52", overallDone, total);

    private static PrepullProgress Finished(int node, int overallDone, int total = 100) =>
        new($"node{node}", node, 2, 2, null, overallDone, total);

    private static IEnumerable<string> NodeBars(IEnumerable<PrepullProgressUpdate> updates) =>
        updates.Where(u => !u.IsOverall).Select(u => $"{u.Step.NodeName}{(u.Completes ? " done" : string.Empty)}");

    [Fact]
    public void Steps_within_the_interval_are_held_and_shown_together_at_the_next_flush()
    {
        var clock = new ManualTimeProvider();
        var throttle = new PrepullProgressThrottle(10, Interval, clock);

        var first = throttle.Report(Started(0));
        var held = Enumerable.Range(1, 3).SelectMany(n => throttle.Report(Started(n))).ToList();
        clock.Advance(Interval);
        var next = throttle.Report(Started(4));

        Assert.Equal(["node0"], NodeBars(first));
        Assert.Empty(held);
        Assert.Equal(["node1", "node2", "node3", "node4"], NodeBars(next));
        Assert.True(next[0].IsOverall);
        Assert.Single(next, u => u.IsOverall);
    }

    [Fact]
    public void At_most_the_given_number_of_node_bars_is_shown_and_a_finished_node_frees_its_bar()
    {
        var clock = new ManualTimeProvider();
        var throttle = new PrepullProgressThrottle(2, Interval, clock);

        var first = Enumerable.Range(0, 4).Select(n => { clock.Advance(Interval); return throttle.Report(Started(n)); }).SelectMany(u => u).ToList();
        clock.Advance(Interval);
        var afterFinish = throttle.Report(Finished(0, 2));
        clock.Advance(Interval);
        var afterStart = throttle.Report(Started(5, 2));

        Assert.Equal(["node0", "node1"], NodeBars(first));
        Assert.Equal(["node0 done"], NodeBars(afterFinish));
        Assert.Equal(["node5"], NodeBars(afterStart));
    }

    [Fact]
    public void A_node_that_finishes_before_its_bar_was_drawn_gets_no_bar()
    {
        var clock = new ManualTimeProvider();
        var throttle = new PrepullProgressThrottle(10, Interval, clock);

        throttle.Report(Started(0));
        throttle.Report(Started(1));
        throttle.Report(Finished(1, 2));
        clock.Advance(Interval);
        var next = throttle.Report(Finished(0, 4));

        Assert.Equal(["node0 done"], NodeBars(next));
    }

    [Fact]
    public void The_last_step_of_the_run_is_shown_at_once()
    {
        var clock = new ManualTimeProvider();
        var throttle = new PrepullProgressThrottle(10, Interval, clock);

        throttle.Report(Started(0, 0, 2));
        var last = throttle.Report(Finished(0, 2, 2));

        var overall = Assert.Single(last, u => u.IsOverall);
        Assert.Equal(2, overall.Step.OverallCompleted);
        Assert.Equal(["node0 done"], NodeBars(last));
    }

    [Fact]
    public void Completing_removes_every_bar_still_shown_after_their_latest_state()
    {
        var clock = new ManualTimeProvider();
        var throttle = new PrepullProgressThrottle(10, Interval, clock);

        throttle.Report(Started(0));
        throttle.Report(Started(1));
        var end = throttle.Complete();

        Assert.Equal(["node1", "node0 done", "node1 done"], NodeBars(end));
        Assert.Empty(NodeBars(throttle.Complete()));
    }

    [Fact]
    public void The_overall_bar_shows_the_most_advanced_step_whatever_order_reports_arrive_in()
    {
        var clock = new ManualTimeProvider();
        var throttle = new PrepullProgressThrottle(0, Interval, clock);

        throttle.Report(Started(0, 0));
        throttle.Report(Finished(1, 7));
        throttle.Report(Finished(2, 6));
        clock.Advance(Interval);
        var next = throttle.Report(Started(3, 5));

        Assert.Equal(7, Assert.Single(next).Step.OverallCompleted);
    }
}
