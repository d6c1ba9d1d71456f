package dev.ohastreaming.api;

import dev.ohastreaming.hub.TestTimelines;
import dev.ohastreaming.metrics.PercentileSpectrum;
import dev.ohastreaming.metrics.SeriesDownsampling;
import dev.ohastreaming.metrics.SeriesPoint;
import dev.ohastreaming.metrics.TargetResults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes this service adds for dashboards: time series, the percentile distribution and
 * the WebSocket {@code Snapshot}. Like {@link WireFormat}, each record is one JSON object written
 * in snake_case and in declaration order.
 */
public final class DashboardFormat {

  /** Levels per halving of the distance to 100% in a percentile distribution. */
  static final int PERCENTILE_TICKS_PER_HALF = 5;

  private DashboardFormat() {}

  /** {@code GET /api/test/:id/timeseries}. */
  public record TimeSeries(String testId, boolean finished, List<TargetSeries> targets) {}

  /** One target's series, oldest point first. */
  public record TargetSeries(String name, List<Point> points) {}

  /** One point of a series; see {@link SeriesPoint}. */
  public record Point(
      double tSeconds,
      double rps,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      long errors,
      long inFlight,
      boolean exact) {}

  /** {@code GET /api/test/:id/results.json}: the results of every target, in target order. */
  public record ResultList(String testId, List<WireFormat.Results> results) {}

  /** {@code GET /api/test/:id/percentiles}. */
  public record Percentiles(String testId, List<TargetPercentiles> targets) {}

  /** One target's response time distribution, lowest level first, and its largest value. */
  public record TargetPercentiles(String name, long count, double maxMs, List<Level> levels) {}

  /** One level: {@code percentile}% of requests took at most {@code valueMs}. */
  public record Level(double percentile, double valueMs, long count, double oneIn) {}

  /** WebSocket {@code Snapshot}: the running tests, sent first on every connection. */
  public record Snapshot(String type, String testId, List<SnapshotTest> tests, String timestamp) {}

  /**
   * One running test in a {@code Snapshot}.
   *
   * @param started the test's {@code TestStarted} message
   * @param progress each target's latest {@code Progress} message, for targets that reported
   * @param timeseries each target's series so far, downsampled
   */
  public record SnapshotTest(
      String testId,
      WireFormat.TestStarted started,
      List<WireFormat.Progress> progress,
      List<TargetSeries> timeseries) {}

  /** The series answer of {@code timeline}, whole. */
  public static TimeSeries timeSeries(TestTimelines.Timeline timeline) {
    return new TimeSeries(
        timeline.testId(), timeline.finished(), series(timeline.series(), Integer.MAX_VALUE));
  }

  /**
   * A snapshot of {@code running}, each series reduced to {@code seriesBudget} points.
   *
   * @param testId the connection's filter, null for all tests
   */
  public static Snapshot snapshot(
      String testId, List<TestTimelines.Timeline> running, int seriesBudget) {
    List<SnapshotTest> tests = new ArrayList<>();
    for (TestTimelines.Timeline timeline : running) {
      tests.add(
          new SnapshotTest(
              timeline.testId(),
              (WireFormat.TestStarted) WireFormat.message(timeline.started()),
              timeline.latestProgress().values().stream()
                  .map(p -> WireFormat.progress(timeline.testId(), p))
                  .toList(),
              series(timeline.series(), seriesBudget)));
    }
    return new Snapshot("Snapshot", testId, tests, Instant.now().toString());
  }

  /** The percentile answer of a finished test's {@code results}. */
  public static Percentiles percentiles(String testId, List<TargetResults> results) {
    List<TargetPercentiles> targets = new ArrayList<>();
    for (TargetResults result : results) {
      List<Level> levels =
          PercentileSpectrum.of(result.responseTimeHistogram(), PERCENTILE_TICKS_PER_HALF).stream()
              .filter(level -> level.percentile() < 100.0)
              .map(l -> new Level(l.percentile(), l.valueMillis(), l.count(), l.oneIn()))
              .toList();
      targets.add(
          new TargetPercentiles(
              result.target(),
              result.responseTimeHistogram().count(),
              result.responseTime().maxMillis(),
              levels));
    }
    return new Percentiles(testId, targets);
  }

  private static List<TargetSeries> series(Map<String, List<SeriesPoint>> series, int budget) {
    List<TargetSeries> targets = new ArrayList<>();
    series.forEach(
        (name, points) -> {
          List<SeriesPoint> kept =
              budget == Integer.MAX_VALUE ? points : SeriesDownsampling.reduce(points, budget);
          targets.add(new TargetSeries(name, kept.stream().map(DashboardFormat::point).toList()));
        });
    return targets;
  }

  private static Point point(SeriesPoint p) {
    return new Point(
        p.elapsedSeconds(),
        p.rps(),
        p.p50Millis(),
        p.p95Millis(),
        p.p99Millis(),
        p.errors(),
        p.inFlight(),
        p.exact());
  }
}
