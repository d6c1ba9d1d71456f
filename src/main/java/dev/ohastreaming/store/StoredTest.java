package dev.ohastreaming.store;

import dev.ohastreaming.load.RunStatus;
import dev.ohastreaming.load.TargetSpec;
import dev.ohastreaming.load.TestPlan;
import dev.ohastreaming.load.TestSummary;
import dev.ohastreaming.metrics.GeneratorCheck;
import dev.ohastreaming.metrics.HistogramSnapshot;
import dev.ohastreaming.metrics.LatencyStats;
import dev.ohastreaming.metrics.TargetResults;
import dev.ohastreaming.stream.RequestTemplate;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The file form of one finished test: everything {@code GET /api/test/status/:id} answers for it,
 * in plain JSON types so that the format does not follow the domain records by accident.
 *
 * <p>Request headers and the request body are not kept (they may carry credentials for the target),
 * nor is the last progress of each target; a restored test's status therefore shows its results but
 * no progress. Response-time histograms are kept whole, in HdrHistogram's compressed form, base64
 * encoded.
 *
 * @param format the version of this shape; {@link #FORMAT} when written by this code
 */
record StoredTest(
    int format,
    String testId,
    String status,
    String startedAt,
    String finishedAt,
    double elapsedSeconds,
    Plan plan,
    List<Results> results) {

  /** The version of the shape this code writes and reads. */
  static final int FORMAT = 1;

  /** What was asked for. */
  record Plan(
      List<Target> targets,
      long durationNanos,
      long warmupNanos,
      int connections,
      Double ratePerSecond,
      List<Stage> stages,
      long requestTimeoutNanos,
      boolean insecure) {}

  /** One target: name, method and URL. */
  record Target(String name, String method, String url) {}

  /** One stage of a ramp. */
  record Stage(long durationNanos, double ratePerSecond) {}

  /** The results of one target, as {@link TargetResults}. */
  record Results(
      String target,
      String url,
      long totalRequests,
      long successfulRequests,
      long failedRequests,
      long unfinishedRequests,
      long unsentRequests,
      double totalDurationSeconds,
      double requestsPerSecond,
      Double requestedRatePerSecond,
      LatencyStats responseTime,
      LatencyStats serviceTime,
      LatencyStats sendLag,
      Map<String, Long> errorTypes,
      Map<Integer, Long> statusCodes,
      boolean generatorBehind,
      List<String> generatorReasons,
      Double generatorPeakProcessCpuLoad,
      int restarts,
      String failure,
      String responseTimeHistogram,
      String finishedAt) {}

  /** The file form of a finished test. */
  static StoredTest of(TestSummary summary) {
    TestPlan plan = summary.plan();
    return new StoredTest(
        FORMAT,
        summary.testId(),
        summary.status().name(),
        summary.startedAt().toString(),
        summary.finishedAt().map(Instant::toString).orElse(null),
        summary.elapsedSeconds(),
        new Plan(
            plan.targets().stream()
                .map(t -> new Target(t.name(), t.request().method(), t.request().uri().toString()))
                .toList(),
            plan.duration().toNanos(),
            plan.warmup().toNanos(),
            plan.connections(),
            boxed(plan.ratePerSecond()),
            plan.stages().stream()
                .map(s -> new Stage(s.duration().toNanos(), s.ratePerSecond()))
                .toList(),
            plan.requestTimeout().toNanos(),
            plan.insecure()),
        summary.results().stream().map(StoredTest::results).toList());
  }

  private static Results results(TargetResults r) {
    return new Results(
        r.target(),
        r.url(),
        r.totalRequests(),
        r.successfulRequests(),
        r.failedRequests(),
        r.unfinishedRequests(),
        r.unsentRequests(),
        r.totalDurationSeconds(),
        r.requestsPerSecond(),
        boxed(r.requestedRatePerSecond()),
        r.responseTime(),
        r.serviceTime(),
        r.sendLag(),
        r.errorTypes(),
        r.statusCodes(),
        r.generator().behind(),
        r.generator().reasons(),
        r.generator().peakProcessCpuLoad(),
        r.restarts(),
        r.failure().orElse(null),
        encode(r.responseTimeHistogram().toHistogram()),
        r.finishedAt().toString());
  }

  /**
   * The test this file describes.
   *
   * @throws IllegalArgumentException when a field is missing or invalid (a corrupt file)
   */
  TestSummary toSummary() {
    RunStatus runStatus = RunStatus.valueOf(required(status, "status"));
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown format " + format);
    }
    if (runStatus == RunStatus.RUNNING) {
      throw new IllegalArgumentException("a stored test cannot be running");
    }
    Plan p = required(plan, "plan");
    List<TargetSpec> targets =
        required(p.targets(), "plan.targets").stream()
            .map(
                t ->
                    new TargetSpec(
                        required(t.name(), "target name"),
                        new RequestTemplate(
                            required(t.method(), "target method"),
                            URI.create(required(t.url(), "target url")),
                            List.of(),
                            new byte[0])))
            .toList();
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets");
    }
    TestPlan testPlan =
        new TestPlan(
            targets,
            Duration.ofNanos(p.durationNanos()),
            Duration.ofNanos(p.warmupNanos()),
            p.connections(),
            optional(p.ratePerSecond()),
            Objects.requireNonNullElse(p.stages(), List.<Stage>of()).stream()
                .map(
                    s -> new TestPlan.Stage(Duration.ofNanos(s.durationNanos()), s.ratePerSecond()))
                .toList(),
            Duration.ofNanos(p.requestTimeoutNanos()),
            p.insecure());
    return new TestSummary(
        required(testId, "test_id"),
        runStatus,
        testPlan,
        Instant.parse(required(startedAt, "started_at")),
        Optional.ofNullable(finishedAt).map(Instant::parse),
        elapsedSeconds,
        Map.of(),
        required(results, "results").stream().map(StoredTest::targetResults).toList());
  }

  private static TargetResults targetResults(Results r) {
    return new TargetResults(
        required(r.target(), "results.target"),
        required(r.url(), "results.url"),
        r.totalRequests(),
        r.successfulRequests(),
        r.failedRequests(),
        r.unfinishedRequests(),
        r.unsentRequests(),
        r.totalDurationSeconds(),
        r.requestsPerSecond(),
        optional(r.requestedRatePerSecond()),
        required(r.responseTime(), "results.response_time"),
        required(r.serviceTime(), "results.service_time"),
        required(r.sendLag(), "results.send_lag"),
        required(r.errorTypes(), "results.error_types"),
        required(r.statusCodes(), "results.status_codes"),
        new GeneratorCheck(
            r.generatorBehind(),
            Objects.requireNonNullElse(r.generatorReasons(), List.of()),
            Objects.requireNonNullElse(r.generatorPeakProcessCpuLoad(), -1.0)),
        r.restarts(),
        Optional.ofNullable(r.failure()),
        HistogramSnapshot.copyOf(
            decode(required(r.responseTimeHistogram(), "results.response_time_histogram"))),
        Instant.parse(required(r.finishedAt(), "results.finished_at")));
  }

  /** {@code histogram} in HdrHistogram's compressed form, base64 encoded. */
  static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }

  /** The histogram {@link #encode} wrote. */
  static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("not a compressed histogram: " + e.getMessage(), e);
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value;
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
