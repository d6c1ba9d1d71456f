package dev.ohastreaming.load;

import dev.ohastreaming.stream.ArrivalSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A validated description of a test: what to load, how hard and for how long.
 *
 * <p>Load model: with neither a rate nor stages, each target has {@code connections} requests in
 * flight back to back (closed model). With {@code ratePerSecond} alone, each target receives
 * exactly that many requests per second (open model), whatever {@code connections} is. With {@code
 * stages}, the rate ramps linearly from {@code ratePerSecond} (0 when absent) to each stage's rate
 * in turn; the measured duration is then the stages' total. The warm-up runs before measurement at
 * the starting rate (or the first stage's rate when that is 0) and its requests are left out of
 * results.
 *
 * @param targets the servers, in the order results are reported
 * @param duration the measured duration, warm-up excluded
 * @param warmup load before measurement, {@link Duration#ZERO} for none
 * @param connections connections per target
 * @param ratePerSecond the constant rate, or the rate the first stage ramps from
 * @param stages the ramping schedule; empty for a constant rate or the closed model
 * @param requestTimeout how long a request may take
 * @param insecure whether https certificates go unchecked
 */
public record TestPlan(
    List<TargetSpec> targets,
    Duration duration,
    Duration warmup,
    int connections,
    OptionalDouble ratePerSecond,
    List<Stage> stages,
    Duration requestTimeout,
    boolean insecure) {

  /**
   * One stage of a ramping schedule.
   *
   * @param duration how long the ramp lasts
   * @param ratePerSecond the rate reached at the stage's end
   */
  public record Stage(Duration duration, double ratePerSecond) {}

  public TestPlan {
    targets = List.copyOf(targets);
    stages = List.copyOf(stages);
  }

  /** True when requests follow a schedule rather than running back to back. */
  public boolean openModel() {
    return ratePerSecond.isPresent() || !stages.isEmpty();
  }

  /** Warm-up plus measured duration. */
  public Duration totalDuration() {
    return warmup.plus(duration);
  }

  /** The rate asked for at the end of the schedule, empty for the closed model. */
  public OptionalDouble finalRatePerSecond() {
    if (!stages.isEmpty()) {
      return OptionalDouble.of(stages.get(stages.size() - 1).ratePerSecond());
    }
    return ratePerSecond;
  }

  /** Requests the schedule plans after the warm-up; empty for the closed model. */
  public OptionalLong measuredRequests() {
    return schedule()
        .map(
            s ->
                OptionalLong.of(
                    s.totalRequests() - (warmup.isZero() ? 0 : s.dueBy(warmup.toNanos() - 1))))
        .orElse(OptionalLong.empty());
  }

  /** The open-model schedule, warm-up first; empty for the closed model. */
  public Optional<ArrivalSchedule> schedule() {
    if (!openModel()) {
      return Optional.empty();
    }
    double startRate = ratePerSecond.orElse(0);
    List<ArrivalSchedule.Segment> segments = new ArrayList<>();
    if (!warmup.isZero()) {
      double warmupRate =
          startRate > 0 || stages.isEmpty() ? startRate : stages.get(0).ratePerSecond();
      segments.add(ArrivalSchedule.Segment.constant(warmup, warmupRate));
    }
    if (stages.isEmpty()) {
      segments.add(ArrivalSchedule.Segment.constant(duration, startRate));
    } else {
      double previous = startRate;
      for (Stage stage : stages) {
        segments.add(
            new ArrivalSchedule.Segment(
                stage.duration().toNanos(), previous, stage.ratePerSecond()));
        previous = stage.ratePerSecond();
      }
    }
    return Optional.of(ArrivalSchedule.of(segments));
  }
}
