package dev.ohastreaming.metrics;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What the service tells every live subscriber about a test, in order of occurrence.
 *
 * <p>These are plain facts; the API turns them into the original service's JSON messages.
 */
public sealed interface RunEvent {

  /** The test the event belongs to. */
  String testId();

  /** When the event happened. */
  Instant timestamp();

  /** A target of a test, by name and URL. */
  record TargetInfo(String name, String url) {}

  /**
   * A test has started.
   *
   * @param durationSeconds measured duration, warm-up excluded
   * @param warmupSeconds warm-up before measurement, 0 for none
   * @param ratePerSecond the open-model rate per target, empty for the closed model
   */
  record TestStarted(
      String testId,
      List<TargetInfo> targets,
      double durationSeconds,
      double warmupSeconds,
      int connections,
      OptionalDouble ratePerSecond,
      Instant timestamp)
      implements RunEvent {
    public TestStarted {
      targets = List.copyOf(targets);
    }
  }

  /** A target's progress at the end of an interval. */
  record ProgressUpdated(String testId, TargetProgress progress) implements RunEvent {
    @Override
    public Instant timestamp() {
      return progress.timestamp();
    }
  }

  /** A target has finished; its results are final. */
  record TargetCompleted(String testId, TargetResults results) implements RunEvent {
    @Override
    public Instant timestamp() {
      return results.finishedAt();
    }
  }

  /** Something went wrong with a target's load; the test goes on unless it says otherwise. */
  record TargetFailed(String testId, String target, String error, Instant timestamp)
      implements RunEvent {}
}
