package dev.ohastreaming.hub;

import dev.ohastreaming.metrics.BoundedSeries;
import dev.ohastreaming.metrics.RunEvent;
import dev.ohastreaming.metrics.SeriesPoint;
import dev.ohastreaming.metrics.TargetProgress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the event stream has said about each recent test, kept for clients that were not listening
 * from its start: how it started, each target's latest progress and a bounded time series per
 * target.
 *
 * <p>It is fed every published event once per reporting interval per target, never per request. A
 * series holds at most {@code seriesCapacity} points (see {@link BoundedSeries}). The newest {@code
 * testsKept} tests are kept; past that, the oldest finished ones are forgotten, as the {@code
 * TestSupervisor} forgets them. Tests live in memory only. Thread-safe: producers of several tests
 * and API readers share it, and each access holds its lock for a few microseconds.
 */
public final class TestTimelines {

  /**
   * One test as the stream described it.
   *
   * @param started the test's start event
   * @param latestProgress the newest progress per target name, for targets that reported
   * @param series each target's time series, oldest point first, in the test's target order
   * @param finished true once every target's results were published
   */
  public record Timeline(
      RunEvent.TestStarted started,
      Map<String, TargetProgress> latestProgress,
      Map<String, List<SeriesPoint>> series,
      boolean finished) {

    /** The test's id. */
    public String testId() {
      return started.testId();
    }
  }

  private final int seriesCapacity;
  private final int testsKept;
  private final LinkedHashMap<String, TestTrack> tests = new LinkedHashMap<>();

  /**
   * An empty store.
   *
   * @param seriesCapacity most points per target series, at least 8
   * @param testsKept tests kept, at least 1
   */
  public TestTimelines(int seriesCapacity, int testsKept) {
    this.seriesCapacity = seriesCapacity;
    this.testsKept = Math.max(1, testsKept);
  }

  /** Takes in one published event. */
  public synchronized void record(RunEvent event) {
    if (event instanceof RunEvent.TestStarted started) {
      tests.put(started.testId(), new TestTrack(started, seriesCapacity));
      evictOldFinished();
      return;
    }
    TestTrack track = tests.get(event.testId());
    if (track == null) {
      return;
    }
    if (event instanceof RunEvent.ProgressUpdated updated) {
      track.add(updated.progress());
    } else if (event instanceof RunEvent.TargetCompleted completed) {
      track.completed.add(completed.results().target());
      evictOldFinished();
    }
  }

  /** The timeline of {@code testId}, empty when unknown or forgotten. */
  public synchronized Optional<Timeline> timeline(String testId) {
    return Optional.ofNullable(tests.get(testId)).map(TestTrack::timeline);
  }

  /** The timelines of the tests still running, oldest start first. */
  public synchronized List<Timeline> running() {
    List<Timeline> running = new ArrayList<>();
    for (TestTrack track : tests.values()) {
      if (!track.finished()) {
        running.add(track.timeline());
      }
    }
    return running;
  }

  private void evictOldFinished() {
    int excess = tests.size() - testsKept;
    Iterator<TestTrack> it = tests.values().iterator();
    while (excess > 0 && it.hasNext()) {
      if (it.next().finished()) {
        it.remove();
        excess--;
      }
    }
  }

  /** The state of one test. */
  private static final class TestTrack {
    private final RunEvent.TestStarted started;
    private final Map<String, BoundedSeries> series = new LinkedHashMap<>();
    private final Map<String, TargetProgress> latest = new LinkedHashMap<>();
    private final List<String> completed = new ArrayList<>();

    TestTrack(RunEvent.TestStarted started, int seriesCapacity) {
      this.started = started;
      started.targets().forEach(t -> series.put(t.name(), new BoundedSeries(seriesCapacity)));
    }

    void add(TargetProgress progress) {
      BoundedSeries targetSeries = series.get(progress.target());
      if (targetSeries == null) {
        return;
      }
      TargetProgress previous = latest.put(progress.target(), progress);
      // Error counts restart with the measured phase, so the first measured interval owns them all.
      boolean samePhase = previous != null && previous.warmup() == progress.warmup();
      long intervalErrors =
          samePhase ? Math.max(0, progress.errors() - previous.errors()) : progress.errors();
      targetSeries.add(SeriesPoint.of(progress, intervalErrors));
    }

    boolean finished() {
      return completed.size() >= series.size();
    }

    Timeline timeline() {
      Map<String, List<SeriesPoint>> points = new LinkedHashMap<>();
      series.forEach((name, each) -> points.put(name, each.points()));
      return new Timeline(
          started,
          Collections.unmodifiableMap(new LinkedHashMap<>(latest)),
          Collections.unmodifiableMap(points),
          finished());
    }
  }
}
