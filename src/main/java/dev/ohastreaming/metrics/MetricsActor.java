package dev.ohastreaming.metrics;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.HdrHistogram.Histogram;

/**
 * Owns the numbers of one test: folds each target's interval summaries into cumulative histograms
 * and counters, publishes {@code Progress} after every interval and the final results once every
 * target has finished, then stops.
 *
 * <p>Protocol: each target's load actor sends one {@link RecordInterval} per reporting interval
 * and, when its stream is done, a last {@link RecordInterval} followed by {@link TargetFinished}.
 * {@link ReportFailure} publishes a target's error. The actor tells {@code reportTo} about every
 * progress update and, at the end, the results of all targets.
 *
 * <p>Because the measurements live here and not in the load actors, a load actor that is restarted
 * after a failure (it flushes its interval first) loses only the requests it had in flight. Results
 * are kept in memory only; persisting them is the caller's business, and the caller may pass an
 * {@link IntervalListener} that receives every measured interval's histogram.
 */
public final class MetricsActor extends AbstractBehavior<MetricsActor.Command> {

  /** Messages this actor accepts. */
  public sealed interface Command {}

  /**
   * One interval of one target.
   *
   * @param warmup warm-up requests of the interval
   * @param measured measured requests of the interval
   * @param backlog requests due but not yet sent at the interval's end
   * @param nowNanos the interval's end, on the clock the test's start was read from
   */
  public record RecordInterval(
      String target, IntervalSummary warmup, IntervalSummary measured, long backlog, long nowNanos)
      implements Command {}

  /**
   * A target's load is over; the last {@link RecordInterval} came before this.
   *
   * @param finishedNanos when the target's last request finished
   * @param stoppedEarly true when the load was stopped on request before the schedule's end
   * @param failure why the target's load stream failed, empty when it ran to its end
   */
  public record TargetFinished(
      String target, long finishedNanos, boolean stoppedEarly, Optional<String> failure)
      implements Command {}

  /**
   * A target's load failed.
   *
   * @param restarting true when its load actor is being restarted and the target goes on
   */
  public record ReportFailure(String target, String error, boolean restarting) implements Command {}

  /** What this actor tells its parent. */
  public sealed interface Report {}

  /** A target's latest progress. */
  public record ProgressReported(String testId, TargetProgress progress) implements Report {}

  /** The final results, one per target in the test's order. */
  public record TestMeasured(String testId, List<TargetResults> results) implements Report {}

  /**
   * A target as the metrics need to know it.
   *
   * @param plannedRequests requests the schedule plans after warm-up; empty for the closed model
   */
  public record TargetSetup(
      String name,
      String url,
      OptionalDouble requestedRatePerSecond,
      OptionalLong plannedRequests) {}

  /**
   * The fixed facts of a test.
   *
   * @param startNanos the test's start instant, shared by every target
   * @param warmupNanos length of the warm-up phase
   * @param plannedNanos planned length of the whole test, warm-up included
   * @param maxSendLagP99 the send-lag 99th percentile above which the generator counts as behind
   * @param maxProcessCpuLoad the share of all cores (0 to 1) the service's process may use before
   *     the generator counts as short of CPU
   */
  public record Setup(
      String testId,
      List<TargetSetup> targets,
      int connections,
      long startNanos,
      long warmupNanos,
      long plannedNanos,
      Duration maxSendLagP99,
      double maxProcessCpuLoad) {
    public Setup {
      targets = List.copyOf(targets);
    }
  }

  private final Setup setup;
  private final DoubleSupplier processCpuLoad;
  private final Consumer<RunEvent> publisher;
  private final ActorRef<Report> reportTo;
  private final IntervalListener intervals;
  private final Map<String, TargetTally> tallies = new LinkedHashMap<>();

  private MetricsActor(
      ActorContext<Command> context,
      Setup setup,
      DoubleSupplier processCpuLoad,
      Consumer<RunEvent> publisher,
      ActorRef<Report> reportTo,
      IntervalListener intervals) {
    super(context);
    this.setup = setup;
    this.processCpuLoad = processCpuLoad;
    this.publisher = publisher;
    this.reportTo = reportTo;
    this.intervals = intervals;
    for (TargetSetup target : setup.targets()) {
      tallies.put(target.name(), new TargetTally(target, setup.startNanos()));
    }
  }

  /**
   * The metrics of one test that also hand every measured interval's response times to {@code
   * intervals}.
   */
  public static Behavior<Command> create(
      Setup setup,
      Consumer<RunEvent> publisher,
      ActorRef<Report> reportTo,
      IntervalListener intervals) {
    ProcessCpu cpu = new ProcessCpu();
    return create(setup, cpu::sample, publisher, reportTo, intervals);
  }

  /**
   * The metrics of one test, reading the process's CPU load from {@code processCpuLoad} (0 to 1 of
   * the cores it may use, negative when unknown) at every interval and handing every measured
   * interval's response times to {@code intervals}.
   */
  public static Behavior<Command> create(
      Setup setup,
      DoubleSupplier processCpuLoad,
      Consumer<RunEvent> publisher,
      ActorRef<Report> reportTo,
      IntervalListener intervals) {
    return Behaviors.setup(
        context ->
            new MetricsActor(context, setup, processCpuLoad, publisher, reportTo, intervals));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RecordInterval.class, this::onRecordInterval)
        .onMessage(TargetFinished.class, this::onTargetFinished)
        .onMessage(ReportFailure.class, this::onReportFailure)
        .build();
  }

  private Behavior<Command> onRecordInterval(RecordInterval interval) {
    TargetTally tally = tallies.get(interval.target());
    if (tally == null || tally.finished) {
      return this;
    }
    long fromNanos = tally.lastIntervalNanos - setup.startNanos();
    TargetProgress progress = tally.add(interval, setup, processCpuLoad.getAsDouble());
    if (!progress.warmup()) {
      intervals.intervalMeasured(
          interval.target(),
          interval.measured().responseTime(),
          Math.max(0, fromNanos),
          interval.nowNanos() - setup.startNanos());
    }
    publisher.accept(new RunEvent.ProgressUpdated(setup.testId(), progress));
    reportTo.tell(new ProgressReported(setup.testId(), progress));
    return this;
  }

  private Behavior<Command> onTargetFinished(TargetFinished finished) {
    TargetTally tally = tallies.get(finished.target());
    if (tally == null || tally.finished) {
      return this;
    }
    tally.finish(finished);
    if (tallies.values().stream().anyMatch(t -> !t.finished)) {
      return this;
    }
    List<TargetResults> results = new ArrayList<>();
    for (TargetTally each : tallies.values()) {
      TargetResults result = each.results(setup);
      results.add(result);
      publisher.accept(new RunEvent.TargetCompleted(setup.testId(), result));
    }
    reportTo.tell(new TestMeasured(setup.testId(), results));
    getContext().getLog().debug("[{}] measured all targets", setup.testId());
    return Behaviors.stopped();
  }

  private Behavior<Command> onReportFailure(ReportFailure failure) {
    TargetTally tally = tallies.get(failure.target());
    if (tally != null && failure.restarting()) {
      tally.restarts++;
    }
    publisher.accept(
        new RunEvent.TargetFailed(
            setup.testId(), failure.target(), failure.error(), Instant.now()));
    return this;
  }

  /** The running totals of one target. */
  private static final class TargetTally {
    private final TargetSetup target;
    private final Histogram responseTime = HistogramSnapshot.newHistogram();
    private final Histogram serviceTime = HistogramSnapshot.newHistogram();
    private final Histogram sendLag = HistogramSnapshot.newHistogram();
    private final Histogram warmupResponseTime = HistogramSnapshot.newHistogram();
    private final Map<String, Long> errorTypes = new HashMap<>();
    private final Map<String, Long> warmupErrorTypes = new HashMap<>();
    private final Map<Integer, Long> statusCodes = new HashMap<>();
    private long sent;
    private long succeeded;
    private long failed;
    private long warmupSent;
    private long warmupSucceeded;
    private long warmupFailed;
    private long lastIntervalNanos;
    private long maxInFlight;
    private long previousCompleted;
    private double previousIntervalSeconds;
    private double peakCpuLoad = -1;
    private long finishedNanos;
    private Optional<String> failure = Optional.empty();
    private boolean stoppedEarly;
    private int restarts;
    private boolean finished;

    TargetTally(TargetSetup target, long startNanos) {
      this.target = target;
      this.lastIntervalNanos = startNanos;
    }

    TargetProgress add(RecordInterval interval, Setup setup, double cpuLoad) {
      if (interval.nowNanos() - setup.startNanos() > setup.warmupNanos()) {
        // The warm-up is where a fresh JVM compiles its hot code; only measured time counts.
        peakCpuLoad = Math.max(peakCpuLoad, cpuLoad);
      }
      IntervalSummary warm = interval.warmup();
      IntervalSummary measured = interval.measured();
      warmupSent += warm.sent();
      warmupSucceeded += warm.succeeded();
      warmupFailed += warm.failed();
      warm.responseTime().addTo(warmupResponseTime);
      warm.errorTypes().forEach((type, count) -> warmupErrorTypes.merge(type, count, Long::sum));
      sent += measured.sent();
      succeeded += measured.succeeded();
      failed += measured.failed();
      measured.responseTime().addTo(responseTime);
      measured.serviceTime().addTo(serviceTime);
      measured.sendLag().addTo(sendLag);
      measured.errorTypes().forEach((type, count) -> errorTypes.merge(type, count, Long::sum));
      measured.statusCodes().forEach((code, count) -> statusCodes.merge(code, count, Long::sum));

      long inFlight = warmupSent + sent - (warmupSucceeded + warmupFailed + succeeded + failed);
      maxInFlight = Math.max(maxInFlight, inFlight);
      double intervalSeconds = Math.max(1e-9, (interval.nowNanos() - lastIntervalNanos) / 1e9);
      lastIntervalNanos = interval.nowNanos();
      double currentRps = recentRate(warm.completed() + measured.completed(), intervalSeconds);
      long elapsedNanos = interval.nowNanos() - setup.startNanos();
      boolean inWarmup = elapsedNanos < setup.warmupNanos();
      IntervalSummary current = inWarmup ? warm : measured;
      return new TargetProgress(
          target.name(),
          inWarmup,
          inWarmup ? warmupSent : sent,
          inWarmup ? warmupSucceeded : succeeded,
          inWarmup ? warmupFailed : failed,
          inFlight,
          interval.backlog(),
          currentRps,
          LatencyStats.of(inWarmup ? warmupResponseTime : responseTime),
          current.responseTime().stats(),
          current.sendLag().percentileMillis(99),
          elapsedNanos / 1e9,
          Math.min(100.0, 100.0 * elapsedNanos / Math.max(1, setup.plannedNanos())),
          Instant.now(),
          inWarmup ? warmupErrorTypes : errorTypes);
    }

    /**
     * Requests finished per second over the last interval. The interval that ends a target's stream
     * is usually a sliver of a normal one, whose few requests would make a wild rate, so an
     * interval shorter than half the one before it is measured together with that one.
     */
    private double recentRate(long completed, double seconds) {
      double rate =
          seconds < previousIntervalSeconds / 2
              ? (completed + previousCompleted) / (seconds + previousIntervalSeconds)
              : completed / seconds;
      previousCompleted = completed;
      previousIntervalSeconds = seconds;
      return rate;
    }

    void finish(TargetFinished message) {
      finished = true;
      finishedNanos = message.finishedNanos();
      failure = message.failure();
      stoppedEarly = message.stoppedEarly();
    }

    TargetResults results(Setup setup) {
      long measuredStartNanos = setup.startNanos() + setup.warmupNanos();
      double durationSeconds = Math.max(1e-9, (finishedNanos - measuredStartNanos) / 1e9);
      long total = succeeded + failed;
      long unsent =
          target.plannedRequests().isPresent()
              ? Math.max(0, target.plannedRequests().getAsLong() - sent)
              : 0;
      LatencyStats lag = LatencyStats.of(sendLag);
      return new TargetResults(
          target.name(),
          target.url(),
          total,
          succeeded,
          failed,
          warmupSent + sent - (warmupSucceeded + warmupFailed + total),
          unsent,
          durationSeconds,
          total / durationSeconds,
          target.requestedRatePerSecond(),
          LatencyStats.of(responseTime),
          LatencyStats.of(serviceTime),
          lag,
          errorTypes,
          statusCodes,
          check(lag, unsent, setup),
          restarts,
          failure,
          HistogramSnapshot.copyOf(responseTime),
          Instant.now());
    }

    private GeneratorCheck check(LatencyStats lag, long unsent, Setup setup) {
      double limitMillis = setup.maxSendLagP99().toNanos() / 1e6;
      List<String> reasons = new ArrayList<>();
      // Send lag means "later than planned" only where there is a plan: the open model.
      boolean scheduled = target.requestedRatePerSecond().isPresent();
      if (scheduled && lag.p99Millis() > limitMillis) {
        reasons.add(
            String.format(
                "send lag p99 %.3f ms is above %.3f ms: requests went out later than planned",
                lag.p99Millis(), limitMillis));
        reasons.add(
            maxInFlight >= setup.connections()
                ? "all "
                    + setup.connections()
                    + " connections were busy at times: the target did not keep up with the"
                    + " rate at this connection count (raise connections or lower the rate)"
                : "connections were free: the load generator itself could not keep up");
      }
      if (peakCpuLoad > setup.maxProcessCpuLoad()) {
        reasons.add(
            String.format(
                "the service used %.0f%% of the %d cores it may use at its peak: results may"
                    + " measure the load generator, not the target",
                peakCpuLoad * 100, Runtime.getRuntime().availableProcessors()));
      }
      if (unsent > 0 && !stoppedEarly && failure.isEmpty()) {
        reasons.add(unsent + " planned requests were never sent before the test ended");
      }
      return new GeneratorCheck(!reasons.isEmpty(), reasons, peakCpuLoad);
    }
  }
}
