package dev.ohastreaming.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ohastreaming.load.TargetSpec;
import dev.ohastreaming.load.TestPlan;
import dev.ohastreaming.load.TestSummary;
import dev.ohastreaming.metrics.LatencyStats;
import dev.ohastreaming.metrics.RunEvent;
import dev.ohastreaming.metrics.TargetProgress;
import dev.ohastreaming.metrics.TargetResults;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The JSON shapes of the original service, field for field, plus the fields this service adds.
 *
 * <p>Each record here is one JSON object; {@link JsonSupport} writes its components in snake_case
 * and in declaration order. The {@code from} methods map the domain's records to them; nothing
 * outside the API knows these shapes.
 */
public final class WireFormat {

  private WireFormat() {}

  /** {@code GET /health}. */
  public record Health(String status, String timestamp, String service, String version) {}

  /** {@code POST /api/test/start}: 200. */
  public record StartAccepted(String testId, String message, String startedAt) {}

  /** {@code POST /api/test/stop/:id}: 200. */
  public record StopAccepted(String message, String testId) {}

  /** Every 4xx: what is wrong and, when one field is, which. */
  public record Error(String error, String field) {}

  /** A test's settings, as {@code config} of {@code TestStarted} and of status. */
  public record Config(
      double durationSeconds,
      int connections,
      Double ratePerSecond,
      double warmupSeconds,
      List<StageConfig> stages,
      String method,
      long timeoutMs,
      boolean insecure,
      List<TargetConfig> targets) {}

  /** One stage of a ramp. */
  public record StageConfig(double durationSeconds, double ratePerSecond) {}

  /** One target of a test. */
  public record TargetConfig(String name, String url) {}

  /** {@code GET /api/test/status/:id}. */
  public record Status(
      String testId,
      String status,
      String startedAt,
      double elapsedSeconds,
      String finishedAt,
      Config config,
      List<TargetStatus> targets) {}

  /** One target in a status answer: latest progress, and results once done. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TargetStatus(String name, String url, Progress progress, Results results) {}

  /** One row of {@code GET /api/tests}. */
  public record TestListing(
      String testId, String status, String startedAt, String finishedAt, List<String> targets) {}

  /** {@code GET /api/tests}. */
  public record TestList(List<TestListing> tests) {}

  /** WebSocket {@code TestStarted}. */
  public record TestStarted(String type, String testId, StartedConfig config, String timestamp) {}

  /** The {@code config} of {@code TestStarted}: the original's three fields, then more. */
  public record StartedConfig(
      double durationSeconds,
      int connections,
      Double ratePerSecond,
      double warmupSeconds,
      List<TargetConfig> targets) {}

  /**
   * WebSocket {@code Progress}: the original's fields first, then this service's.
   *
   * <p>{@code responses_received} counts 2xx/3xx answers and {@code errors} every other outcome, so
   * {@code requests_sent = responses_received + errors + in_flight}. Latency figures are response
   * times measured from each request's planned send; the {@code interval_} ones cover only the last
   * reporting interval.
   */
  public record Progress(
      String type,
      String testId,
      String runtime,
      long requestsSent,
      long responsesReceived,
      long errors,
      double currentRps,
      double avgLatencyMs,
      double p95LatencyMs,
      double elapsedSeconds,
      double progressPercent,
      String timestamp,
      String phase,
      double p50LatencyMs,
      double p99LatencyMs,
      double maxLatencyMs,
      double intervalP50LatencyMs,
      double intervalP95LatencyMs,
      double intervalP99LatencyMs,
      double sendLagP99Ms,
      long inFlight,
      long backlog) {}

  /** WebSocket {@code TestCompleted}. */
  public record TestCompleted(
      String type, String testId, String runtime, Results results, String timestamp) {}

  /** WebSocket {@code TestError}. */
  public record TestError(
      String type, String testId, String runtime, String error, String timestamp) {}

  /** Latency figures other than response time. */
  public record Timing(
      double avgMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {}

  /** The generator's self-check. */
  public record Generator(String verdict, List<String> reasons, Double peakCpuPercent) {}

  /** The results of one target: the original's fields first, then this service's. */
  public record Results(
      String runtime,
      long totalRequests,
      long successfulRequests,
      long failedRequests,
      double totalDurationSeconds,
      double requestsPerSecond,
      double avgLatencyMs,
      double minLatencyMs,
      double maxLatencyMs,
      double p50LatencyMs,
      double p95LatencyMs,
      double p99LatencyMs,
      Map<String, Long> errorTypes,
      String url,
      double p90LatencyMs,
      double p999LatencyMs,
      Map<String, Long> statusCodes,
      Timing serviceTime,
      Timing sendLag,
      Double requestedRatePerSecond,
      Generator generator,
      long unfinishedRequests,
      long unsentRequests,
      int restarts,
      String failure) {}

  /** The status answer of {@code summary}. */
  public static Status status(TestSummary summary) {
    List<TargetStatus> targets =
        summary.plan().targets().stream()
            .map(
                target ->
                    new TargetStatus(
                        target.name(),
                        target.request().uri().toString(),
                        progressOf(summary, target),
                        resultsOf(summary, target)))
            .toList();
    return new Status(
        summary.testId(),
        summary.status().wireName(),
        summary.startedAt().toString(),
        summary.elapsedSeconds(),
        summary.finishedAt().map(Instant::toString).orElse(null),
        config(summary.plan()),
        targets);
  }

  private static Progress progressOf(TestSummary summary, TargetSpec target) {
    TargetProgress progress = summary.progress().get(target.name());
    return progress == null ? null : progress(summary.testId(), progress);
  }

  private static Results resultsOf(TestSummary summary, TargetSpec target) {
    return summary.results().stream()
        .filter(r -> r.target().equals(target.name()))
        .findFirst()
        .map(WireFormat::results)
        .orElse(null);
  }

  /** The listing row of {@code summary}. */
  public static TestListing listing(TestSummary summary) {
    return new TestListing(
        summary.testId(),
        summary.status().wireName(),
        summary.startedAt().toString(),
        summary.finishedAt().map(Instant::toString).orElse(null),
        summary.plan().targets().stream().map(TargetSpec::name).toList());
  }

  /** The settings of {@code plan}. */
  public static Config config(TestPlan plan) {
    return new Config(
        seconds(plan.duration()),
        plan.connections(),
        boxed(plan.ratePerSecond()),
        seconds(plan.warmup()),
        plan.stages().stream()
            .map(s -> new StageConfig(seconds(s.duration()), s.ratePerSecond()))
            .toList(),
        plan.targets().get(0).request().method(),
        plan.requestTimeout().toMillis(),
        plan.insecure(),
        plan.targets().stream()
            .map(t -> new TargetConfig(t.name(), t.request().uri().toString()))
            .toList());
  }

  /** The WebSocket message of {@code event}. */
  public static Object message(RunEvent event) {
    if (event instanceof RunEvent.ProgressUpdated updated) {
      return progress(updated.testId(), updated.progress());
    }
    if (event instanceof RunEvent.TargetCompleted completed) {
      return new TestCompleted(
          "TestCompleted",
          completed.testId(),
          completed.results().target(),
          results(completed.results()),
          completed.timestamp().toString());
    }
    if (event instanceof RunEvent.TargetFailed failed) {
      return new TestError(
          "TestError",
          failed.testId(),
          failed.target(),
          failed.error(),
          failed.timestamp().toString());
    }
    RunEvent.TestStarted started = (RunEvent.TestStarted) event;
    return new TestStarted(
        "TestStarted",
        started.testId(),
        new StartedConfig(
            started.durationSeconds(),
            started.connections(),
            boxed(started.ratePerSecond()),
            started.warmupSeconds(),
            started.targets().stream().map(t -> new TargetConfig(t.name(), t.url())).toList()),
        started.timestamp().toString());
  }

  /** The {@code Progress} message of one target. */
  public static Progress progress(String testId, TargetProgress progress) {
    LatencyStats total = progress.cumulative();
    LatencyStats interval = progress.interval();
    return new Progress(
        "Progress",
        testId,
        progress.target(),
        progress.requestsSent(),
        progress.responsesReceived(),
        progress.errors(),
        progress.currentRps(),
        total.meanMillis(),
        total.p95Millis(),
        progress.elapsedSeconds(),
        progress.progressPercent(),
        progress.timestamp().toString(),
        progress.warmup() ? "warmup" : "measure",
        total.p50Millis(),
        total.p99Millis(),
        total.maxMillis(),
        interval.p50Millis(),
        interval.p95Millis(),
        interval.p99Millis(),
        progress.intervalSendLagP99Millis(),
        progress.inFlight(),
        progress.backlog());
  }

  /** The results object of one target. */
  public static Results results(TargetResults results) {
    LatencyStats response = results.responseTime();
    Map<String, Long> statusCodes = new TreeMap<>();
    results.statusCodes().forEach((code, count) -> statusCodes.put(String.valueOf(code), count));
    return new Results(
        results.target(),
        results.totalRequests(),
        results.successfulRequests(),
        results.failedRequests(),
        results.totalDurationSeconds(),
        results.requestsPerSecond(),
        response.meanMillis(),
        response.minMillis(),
        response.maxMillis(),
        response.p50Millis(),
        response.p95Millis(),
        response.p99Millis(),
        new TreeMap<>(results.errorTypes()),
        results.url(),
        response.p90Millis(),
        response.p999Millis(),
        statusCodes,
        timing(results.serviceTime()),
        timing(results.sendLag()),
        boxed(results.requestedRatePerSecond()),
        new Generator(
            results.generator().verdict(),
            results.generator().reasons(),
            results.generator().peakProcessCpuLoad() < 0
                ? null
                : results.generator().peakProcessCpuLoad() * 100),
        results.unfinishedRequests(),
        results.unsentRequests(),
        results.restarts(),
        results.failure().orElse(null));
  }

  private static Timing timing(LatencyStats stats) {
    return new Timing(
        stats.meanMillis(),
        stats.p50Millis(),
        stats.p90Millis(),
        stats.p99Millis(),
        stats.p999Millis(),
        stats.maxMillis());
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }

  private static double seconds(java.time.Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
