package dev.ohastreaming.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.stream.Materializer;
import akka.stream.javadsl.Sink;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.hub.EventHub;
import dev.ohastreaming.metrics.RunEvent;
import dev.ohastreaming.metrics.TargetResults;
import dev.ohastreaming.testing.PrometheusText;
import dev.ohastreaming.testing.PrometheusText.Sample;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} in the Prometheus text format, against a real short test. */
class MetricsEndpointTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);

  private static OhaService service;
  private static TestTargets targets;
  private static ServiceClient client;

  @BeforeAll
  static void start() throws Exception {
    service = OhaService.start(TestConfig.with("oha.report-interval = 200ms"));
    targets = TestTargets.start(service.engine().system(), Duration.ZERO);
    client = new ServiceClient(service.address().getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    targets.close();
    service.stop();
  }

  @Test
  void theLineCheckerRefusesWhatIsNotTheTextFormat() {
    List<Sample> samples =
        PrometheusText.parse(
            "# HELP a A \\\\ help\n"
                + "# TYPE a counter\n"
                + "a_total{b=\"x\\\"y\\\\n\\n\"} 1.5e+03\n");
    assertEquals(Map.of("b", "x\"y\\n\n"), samples.get(0).labels());
    assertEquals(1500, samples.get(0).value());

    for (String bad :
        List.of(
            "# TYPE a counter\na{b=\"x\"y\"} 1\n",
            "# TYPE a counter\na{b=x} 1\n",
            "# TYPE a counter\na 1 x\n",
            "# TYPE a kind\na 1\n",
            "# TYPE a gauge\nb 1\n",
            "a 1\n",
            "# TYPE a gauge\na 1")) {
      assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(bad), bad);
    }
  }

  @Test
  void runningTestsAreScrapedAndFinishedOnesLeave() throws Exception {
    ConcurrentLinkedQueue<RunEvent> events = new ConcurrentLinkedQueue<>();
    String testId = startRace(events, 1.5, 40);

    List<Sample> during =
        scrapeUntil(
            samples ->
                only(samples, "oha_errors_total", testId, "failing").isPresent()
                    && only(samples, "oha_response_time_p99_seconds", testId, "plain")
                        .filter(p99 -> p99.value() > 0)
                        .isPresent());
    List<TargetResults> results = awaitResults(events, testId);
    List<Sample> after = PrometheusText.parse(scrape());

    Sample errors = only(during, "oha_errors_total", testId, "failing").orElseThrow();
    assertEquals("HTTP_500", errors.labels().get("error_type"));
    assertTrue(errors.value() <= resultOf(results, "failing").failedRequests());
    for (String name :
        List.of(
            "oha_requests_sent_total",
            "oha_responses_received_total",
            "oha_response_time_p50_seconds",
            "oha_response_time_p95_seconds",
            "oha_response_time_p99_seconds",
            "oha_in_flight_requests",
            "oha_backlog_requests")) {
      assertTrue(only(during, name, testId, "plain").isPresent(), name);
    }
    double p99 = only(during, "oha_response_time_p99_seconds", testId, "plain").get().value();
    assertTrue(
        events.stream()
            .filter(e -> e instanceof RunEvent.ProgressUpdated)
            .map(e -> ((RunEvent.ProgressUpdated) e).progress())
            .filter(progress -> progress.target().equals("plain"))
            .anyMatch(progress -> progress.interval().p99Millis() / 1000 == p99),
        "an interval's p99 in seconds: " + p99);
    assertEquals(1, value(during, "oha_active_tests"));
    assertTrue(value(during, "jvm_memory_used_bytes") > 0, "JVM metrics");

    assertTrue(
        after.stream().noneMatch(s -> testId.equals(s.labels().get("test_id"))),
        "the finished test's series are gone");
    assertEquals(0, value(after, "oha_active_tests"));
    assertTrue(after.stream().anyMatch(s -> s.name().equals("oha_websocket_clients")));
  }

  @Test
  void theLastScrapeBeforeTheEndHoldsTheFinalResults() throws Exception {
    ConcurrentLinkedQueue<RunEvent> events = new ConcurrentLinkedQueue<>();
    String testId = startRace(events, 1, 30);
    List<TargetResults> results = awaitResults(events, testId);

    // The same events, replayed into a fresh hub up to the moment before the results came.
    Materializer materializer = Materializer.matFromSystem(service.engine().system());
    EventHub replay = EventHub.start(materializer, service.engine().settings());
    List<RunEvent> ours = events.stream().filter(e -> testId.equals(e.testId())).toList();
    ours.stream().filter(e -> !(e instanceof RunEvent.TargetCompleted)).forEach(replay::publish);
    List<Sample> last = PrometheusText.parse(write(replay));
    ours.stream().filter(e -> e instanceof RunEvent.TargetCompleted).forEach(replay::publish);
    List<Sample> finished = PrometheusText.parse(write(replay));
    replay.complete();

    for (TargetResults result : results) {
      String target = result.target();
      Map<String, Long> errorTypes = new HashMap<>();
      last.stream()
          .filter(s -> s.name().equals("oha_errors_total"))
          .filter(s -> target.equals(s.labels().get("target")))
          .forEach(s -> errorTypes.put(s.labels().get("error_type"), (long) s.value()));
      long answered =
          (long) only(last, "oha_responses_received_total", testId, target).get().value();
      long failed = errorTypes.values().stream().mapToLong(Long::longValue).sum();
      assertEquals(result.errorTypes(), errorTypes, target);
      assertEquals(result.successfulRequests(), answered, target);
      assertEquals(result.totalRequests(), answered + failed, target);
      assertEquals(
          result.totalRequests() + result.unfinishedRequests(),
          (long) only(last, "oha_requests_sent_total", testId, target).get().value(),
          target);
    }
    assertTrue(resultOf(results, "failing").failedRequests() > 0);
    assertTrue(finished.stream().noneMatch(s -> testId.equals(s.labels().get("test_id"))));
  }

  /**
   * Starts a test of a target that answers 200 and one that answers 500, after subscribing {@code
   * events} to the hub.
   */
  private static String startRace(
      ConcurrentLinkedQueue<RunEvent> events, double durationSeconds, int ratePerSecond)
      throws Exception {
    Materializer materializer = Materializer.matFromSystem(service.engine().system());
    service.engine().hub().subscribe().runWith(Sink.foreach(events::add), materializer);
    String body =
        String.format(
            "{\"targets\":[{\"name\":\"plain\",\"url\":\"%s\"},"
                + "{\"name\":\"failing\",\"url\":\"%s\"}],"
                + "\"duration_seconds\":%s,\"connections\":2,\"rate_per_second\":%d}",
            targets.url("/ok"), targets.url("/error"), durationSeconds, ratePerSecond);
    ServiceClient.Answer started = client.post("/api/test/start", body);
    assertEquals(200, started.status(), started.raw().body());
    return started.json().get("test_id").asText();
  }

  private static List<Sample> scrapeUntil(Predicate<List<Sample>> ready) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      List<Sample> samples = PrometheusText.parse(scrape());
      if (ready.test(samples)) {
        return samples;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no scrape of the running test as expected within " + DEADLINE);
  }

  private static String scrape() throws Exception {
    ServiceClient.Answer answer = client.get("/metrics");
    assertEquals(200, answer.status(), answer.raw().body());
    String contentType = answer.raw().headers().firstValue("Content-Type").orElse("");
    assertTrue(
        PrometheusTextFormatWriter.CONTENT_TYPE
            .replace(" ", "")
            .equalsIgnoreCase(contentType.replace(" ", "")),
        contentType);
    return answer.raw().body();
  }

  private static String write(EventHub hub) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new LoadTestCollector(hub));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(text, registry.scrape());
    return text.toString(StandardCharsets.UTF_8);
  }

  private static List<TargetResults> awaitResults(
      ConcurrentLinkedQueue<RunEvent> events, String testId) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      List<TargetResults> results =
          events.stream()
              .filter(e -> testId.equals(e.testId()))
              .filter(e -> e instanceof RunEvent.TargetCompleted)
              .map(e -> ((RunEvent.TargetCompleted) e).results())
              .toList();
      if (results.size() == 2) {
        return results;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no results for " + testId + " within " + DEADLINE);
  }

  private static TargetResults resultOf(List<TargetResults> results, String target) {
    return results.stream().filter(r -> r.target().equals(target)).findFirst().orElseThrow();
  }

  private static Optional<Sample> only(
      List<Sample> samples, String name, String testId, String target) {
    List<Sample> matching =
        samples.stream()
            .filter(s -> s.name().equals(name))
            .filter(s -> testId.equals(s.labels().get("test_id")))
            .filter(s -> target.equals(s.labels().get("target")))
            .toList();
    assertFalse(matching.size() > 1, name + " more than once: " + matching);
    return matching.stream().findFirst();
  }

  private static double value(List<Sample> samples, String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }
}
