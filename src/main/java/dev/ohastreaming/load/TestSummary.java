package dev.ohastreaming.load;

import dev.ohastreaming.metrics.TargetProgress;
import dev.ohastreaming.metrics.TargetResults;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the service knows about one test at one moment.
 *
 * @param testId the test's id
 * @param status where the test is
 * @param plan what was asked for
 * @param startedAt when the start request was accepted
 * @param finishedAt when the last target finished, empty while running
 * @param elapsedSeconds time since the start, or the test's whole length once finished
 * @param progress the latest progress per target name
 * @param results the final results, in target order; empty while running
 */
public record TestSummary(
    String testId,
    RunStatus status,
    TestPlan plan,
    Instant startedAt,
    Optional<Instant> finishedAt,
    double elapsedSeconds,
    Map<String, TargetProgress> progress,
    List<TargetResults> results) {

  public TestSummary {
    progress = Map.copyOf(progress);
    results = List.copyOf(results);
  }
}
