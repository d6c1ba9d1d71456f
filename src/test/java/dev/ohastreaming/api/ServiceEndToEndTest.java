package dev.ohastreaming.api;

import static dev.ohastreaming.testing.ServiceClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service from the outside: REST and WebSocket against real local target servers. */
class ServiceEndToEndTest {

  private static final Set<String> PROGRESS_FIELDS =
      Set.of(
          "type",
          "test_id",
          "runtime",
          "requests_sent",
          "responses_received",
          "errors",
          "current_rps",
          "avg_latency_ms",
          "p95_latency_ms",
          "elapsed_seconds",
          "progress_percent",
          "timestamp");
  private static final Set<String> RESULT_FIELDS =
      Set.of(
          "runtime",
          "total_requests",
          "successful_requests",
          "failed_requests",
          "total_duration_seconds",
          "requests_per_second",
          "avg_latency_ms",
          "min_latency_ms",
          "max_latency_ms",
          "p50_latency_ms",
          "p95_latency_ms",
          "p99_latency_ms",
          "error_types");

  private static OhaService service;
  private static TestTargets fast;
  private static TestTargets slow;
  private static ServiceClient client;

  @BeforeAll
  static void start() throws Exception {
    service = OhaService.start(TestConfig.with("oha.report-interval = 1s"));
    fast = TestTargets.start(service.engine().system(), Duration.ofMillis(5));
    slow = TestTargets.start(service.engine().system(), Duration.ofMillis(20));
    client = new ServiceClient(service.address().getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    fast.close();
    slow.close();
    service.stop();
  }

  @Test
  void comparisonTestStreamsProgressPerTargetAndOneCompletionEach() throws Exception {
    ServiceClient.LiveStream stream = client.openStream("");
    String body =
        String.format(
            "{\"node_url\":\"%s\",\"bun_url\":\"%s\",\"duration_seconds\":3,"
                + "\"connections\":10,\"rate_per_second\":200}",
            fast.url("/ok"), slow.url("/slow"));

    ServiceClient.Answer started = client.post("/api/test/start", body);
    assertEquals(200, started.status(), started.raw().body());
    String testId = started.json().get("test_id").asText();
    assertEquals("Load test started successfully", started.json().get("message").asText());
    List<JsonNode> messages =
        stream.collect(
            m -> type("TestCompleted").test(m) && testId.equals(m.path("test_id").asText()),
            2,
            Duration.ofSeconds(20));
    stream.close();

    List<JsonNode> ours =
        messages.stream().filter(m -> testId.equals(m.path("test_id").asText())).toList();
    JsonNode first = ours.get(0);
    assertEquals("TestStarted", first.get("type").asText());
    assertEquals(3.0, first.at("/config/duration_seconds").asDouble());
    assertEquals(10, first.at("/config/connections").asInt());
    assertEquals(200.0, first.at("/config/rate_per_second").asDouble());
    Instant.parse(first.get("timestamp").asText());
    for (String runtime : List.of("node", "bun")) {
      List<JsonNode> progress =
          ours.stream()
              .filter(type("Progress"))
              .filter(m -> runtime.equals(m.get("runtime").asText()))
              .toList();
      assertTrue(progress.size() >= 2, runtime + " progress: " + progress.size());
      for (JsonNode p : progress) {
        assertTrue(fieldNames(p).containsAll(PROGRESS_FIELDS), "fields: " + fieldNames(p));
        Instant.parse(p.get("timestamp").asText());
      }
      List<JsonNode> completed =
          ours.stream()
              .filter(type("TestCompleted"))
              .filter(m -> runtime.equals(m.get("runtime").asText()))
              .toList();
      assertEquals(1, completed.size(), runtime);
      JsonNode results = completed.get(0).get("results");
      assertTrue(fieldNames(results).containsAll(RESULT_FIELDS), "fields: " + fieldNames(results));
      assertEquals(runtime, results.get("runtime").asText());
      long total = results.get("total_requests").asLong();
      assertEquals(
          total,
          results.get("successful_requests").asLong() + results.get("failed_requests").asLong());
      // The schedule plans exactly 3 s × 200/s; a starved CI machine may leave a few unsent.
      assertEquals(600, total + results.get("unsent_requests").asLong(), results.toString());
      assertTrue(total >= 570, runtime + " sent the schedule: " + results);
      assertEquals(0, results.get("failed_requests").asLong());
      double rps = results.get("requests_per_second").asDouble();
      assertTrue(Math.abs(rps - 200) / 200 < 0.05, runtime + " rps " + rps);
      assertTrue(results.get("p50_latency_ms").asDouble() > 0);
    }
    double nodeP50 = resultOf(ours, "node").get("p50_latency_ms").asDouble();
    double bunP50 = resultOf(ours, "bun").get("p50_latency_ms").asDouble();
    assertTrue(
        bunP50 > nodeP50 + 10, "20 ms server slower than 5 ms one: " + bunP50 + " vs " + nodeP50);

    ServiceClient.Answer status = client.get("/api/test/status/" + testId);
    assertEquals(200, status.status());
    assertEquals("Completed", status.json().get("status").asText());
    assertEquals(2, status.json().get("targets").size());
    assertFalse(status.json().at("/targets/0/results").isNull());
    ServiceClient.Answer list = client.get("/api/tests");
    assertEquals(testId, list.json().at("/tests/0/test_id").asText());
  }

  @Test
  void failedRequestsAreCountedByTypeAndMeasured() throws Exception {
    ServiceClient.LiveStream stream = client.openStream("");
    String body =
        String.format(
            "{\"targets\":[{\"name\":\"errors\",\"url\":\"%s\"},"
                + "{\"name\":\"nothing\",\"url\":\"http://127.0.0.1:1/\"}],"
                + "\"duration_seconds\":1,\"connections\":2,\"rate_per_second\":50}",
            fast.url("/error"));

    String testId = client.post("/api/test/start", body).json().get("test_id").asText();
    List<JsonNode> messages =
        stream.collect(
            m -> type("TestCompleted").test(m) && testId.equals(m.path("test_id").asText()),
            2,
            Duration.ofSeconds(20));
    stream.close();

    JsonNode errors = resultOf(messages, "errors");
    assertEquals(50, errors.get("total_requests").asLong());
    assertEquals(50, errors.at("/error_types/HTTP_500").asLong());
    assertEquals(50, errors.at("/status_codes/500").asLong());
    assertTrue(errors.get("max_latency_ms").asDouble() > 0, "failures are in the histogram");
    JsonNode nothing = resultOf(messages, "nothing");
    assertTrue(nothing.at("/error_types/ConnectionRefused").asLong() > 0, nothing.toString());
    assertEquals(nothing.get("total_requests").asLong(), nothing.get("failed_requests").asLong());
  }

  @Test
  void stoppedTestEndsEarlyPublishesResultsAndSaysStopped() throws Exception {
    String body =
        String.format(
            "{\"node_url\":\"%s\",\"duration_seconds\":60,\"rate_per_second\":100}",
            fast.url("/ok"));
    String testId = client.post("/api/test/start", body).json().get("test_id").asText();
    ServiceClient.LiveStream stream = client.openStream("?test_id=" + testId);
    stream.collect(type("Progress"), 1, Duration.ofSeconds(10));

    ServiceClient.Answer stop = client.post("/api/test/stop/" + testId, "");
    List<JsonNode> rest = stream.collect(type("TestCompleted"), 1, Duration.ofSeconds(10));
    stream.close();

    assertEquals(200, stop.status());
    assertEquals("Test stopped successfully", stop.json().get("message").asText());
    assertEquals(testId, stop.json().get("test_id").asText());
    JsonNode results = rest.get(rest.size() - 1).get("results");
    assertTrue(results.get("total_requests").asLong() >= 50, results.toString());
    assertTrue(results.get("total_duration_seconds").asDouble() < 10, results.toString());
    assertTrue(results.get("unsent_requests").asLong() > 5000, results.toString());
    assertFalse(results.at("/generator/reasons").toString().contains("never sent"));
    JsonNode status = client.get("/api/test/status/" + testId).json();
    assertEquals("Stopped", status.get("status").asText());
    assertTrue(status.get("elapsed_seconds").asDouble() < 10);
    ServiceClient.Answer again = client.post("/api/test/stop/" + testId, "");
    assertEquals(200, again.status());
    assertEquals("Stopped", client.get("/api/test/status/" + testId).json().get("status").asText());
  }

  @Test
  void filteredStreamCarriesOnlyItsTest() throws Exception {
    String body =
        String.format(
            "{\"node_url\":\"%s\",\"duration_seconds\":2,\"rate_per_second\":20}", fast.url("/ok"));
    String first = client.post("/api/test/start", body).json().get("test_id").asText();
    ServiceClient.LiveStream onlyFirst = client.openStream("?test_id=" + first);
    String second = client.post("/api/test/start", body).json().get("test_id").asText();

    List<JsonNode> messages = onlyFirst.collect(type("TestCompleted"), 1, Duration.ofSeconds(15));
    messages.addAll(onlyFirst.drain(Duration.ofMillis(1500)));
    onlyFirst.close();

    assertFalse(first.equals(second));
    assertTrue(messages.stream().allMatch(m -> first.equals(m.get("test_id").asText())));
    assertTrue(messages.stream().anyMatch(type("Progress")));
  }

  private static JsonNode resultOf(List<JsonNode> messages, String runtime) {
    return messages.stream()
        .filter(type("TestCompleted"))
        .filter(m -> runtime.equals(m.get("runtime").asText()))
        .findFirst()
        .orElseThrow()
        .get("results");
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
