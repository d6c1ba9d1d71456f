package dev.ohastreaming.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ohastreaming.metrics.GeneratorCheck;
import dev.ohastreaming.metrics.HistogramSnapshot;
import dev.ohastreaming.metrics.LatencyStats;
import dev.ohastreaming.metrics.RunEvent;
import dev.ohastreaming.metrics.SeriesPoint;
import dev.ohastreaming.metrics.TargetProgress;
import dev.ohastreaming.metrics.TargetResults;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TestTimelinesTest {

  private static final LatencyStats NONE = new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  private static RunEvent started(String testId) {
    return new RunEvent.TestStarted(
        testId,
        List.of(new RunEvent.TargetInfo("a", "http://127.0.0.1/a")),
        10,
        2,
        1,
        OptionalDouble.empty(),
        Instant.now());
  }

  private static RunEvent progress(String testId, double t, boolean warmup, long errors) {
    LatencyStats interval = new LatencyStats(10, 1, 2, 2, 3, 4, 5, 6, 7);
    return new RunEvent.ProgressUpdated(
        testId,
        new TargetProgress(
            "a",
            warmup,
            100,
            100 - errors,
            errors,
            4,
            0,
            50,
            NONE,
            interval,
            0,
            t,
            10,
            Instant.now(),
            errors == 0 ? Map.of() : Map.of("HTTP_500", errors)));
  }

  private static RunEvent completed(String testId) {
    return new RunEvent.TargetCompleted(
        testId,
        new TargetResults(
            "a",
            "http://127.0.0.1/a",
            0,
            0,
            0,
            0,
            0,
            1,
            0,
            OptionalDouble.empty(),
            NONE,
            NONE,
            NONE,
            Map.of(),
            Map.of(),
            new GeneratorCheck(false, List.of(), -1),
            0,
            Optional.empty(),
            HistogramSnapshot.empty(),
            Instant.now()));
  }

  @Test
  void eachIntervalBecomesOnePointWithTheErrorsOfThatIntervalOnly() {
    TestTimelines timelines = new TestTimelines(600, 10);

    timelines.record(started("t"));
    timelines.record(progress("t", 1, true, 2));
    timelines.record(progress("t", 2, true, 5));
    timelines.record(progress("t", 3, false, 1));
    timelines.record(progress("t", 4, false, 1));

    List<SeriesPoint> points = timelines.timeline("t").orElseThrow().series().get("a");
    assertEquals(List.of(2L, 3L, 1L, 0L), points.stream().map(SeriesPoint::errors).toList());
    assertEquals(4.0, points.get(3).elapsedSeconds());
    assertEquals(5.0, points.get(3).p99Millis(), "interval p99, not cumulative");
    assertEquals(4, points.get(3).inFlight());
    assertEquals(1, timelines.running().size());
  }

  @Test
  void finishedTestsLeaveTheRunningListAndTheOldestFinishedAreForgotten() {
    TestTimelines timelines = new TestTimelines(600, 2);

    timelines.record(started("old"));
    timelines.record(completed("old"));
    timelines.record(started("running"));
    timelines.record(started("new"));
    timelines.record(progress("unknown", 1, false, 0));

    assertTrue(timelines.timeline("old").isEmpty(), "oldest finished forgotten past 2 kept");
    assertEquals(
        List.of("running", "new"),
        timelines.running().stream().map(TestTimelines.Timeline::testId).toList());
    assertFalse(timelines.timeline("new").orElseThrow().finished());
    assertTrue(timelines.timeline("unknown").isEmpty());
  }
}
