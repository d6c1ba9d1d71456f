package dev.ohastreaming.api;

import static dev.ohastreaming.testing.ServiceClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.config.ServiceConfig;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a dashboard tab gets: snapshots, subscriptions, pings, and a test's chart data. */
class LiveStreamTest {

  private static OhaService service;
  private static TestTargets targets;
  private static ServiceClient client;

  @BeforeAll
  static void start() throws Exception {
    service =
        OhaService.start(
            TestConfig.with(
                "oha.report-interval = 200ms\n"
                    + "akka.http.server.websocket.periodic-keep-alive-max-idle = 300ms"));
    targets = TestTargets.start(service.engine().system(), Duration.ofMillis(5));
    client = new ServiceClient(service.address().getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    targets.close();
    service.stop();
  }

  private static String startTest(double seconds, int rate) throws Exception {
    String body =
        String.format(
            "{\"targets\":[{\"name\":\"node\",\"url\":\"%s\"},{\"name\":\"bun\",\"url\":\"%s\"}],"
                + "\"duration_seconds\":%s,\"connections\":4,\"rate_per_second\":%d}",
            targets.url("/ok"), targets.url("/slow"), seconds, rate);
    ServiceClient.Answer answer = client.post("/api/test/start", body);
    assertEquals(200, answer.status(), answer.raw().body());
    return answer.json().get("test_id").asText();
  }

  private static boolean of(JsonNode message, String testId) {
    return testId.equals(message.path("test_id").asText());
  }

  @Test
  void aTabJoiningMidTestFirstGetsASnapshotWithProgressAndSeriesThenLiveMessages()
      throws Exception {
    String testId = startTest(3, 100);
    Thread.sleep(1300);

    ServiceClient.LiveStream stream = client.openStream("");
    List<JsonNode> messages =
        stream.collect(m -> type("Progress").test(m) && of(m, testId), 2, Duration.ofSeconds(10));
    stream.close();

    JsonNode snapshot = messages.get(0);
    assertEquals("Snapshot", snapshot.get("type").asText(), messages.toString());
    JsonNode test = snapshot.get("tests").get(0);
    assertEquals(testId, test.get("test_id").asText());
    assertEquals("TestStarted", test.at("/started/type").asText());
    assertEquals(3.0, test.at("/started/config/duration_seconds").asDouble());
    assertEquals(2, test.at("/started/config/targets").size());
    assertEquals(2, test.get("progress").size(), test.toString());
    assertEquals("Progress", test.at("/progress/0/type").asText());
    assertEquals(2, test.get("timeseries").size());
    for (JsonNode series : test.get("timeseries")) {
      assertTrue(series.get("points").size() >= 3, series.toString());
      assertTrue(series.at("/points/0/t_seconds").asDouble() > 0);
    }
    assertTrue(messages.subList(1, messages.size()).stream().noneMatch(type("Snapshot")));
  }

  @Test
  void aSubscribeMessageNarrowsTheStreamToOneTestAndNullWidensItAgain() throws Exception {
    ServiceClient.LiveStream stream = client.openStream("?snapshot=false");
    String first = startTest(4, 20);
    String second = startTest(4, 20);
    stream.collect(m -> type("Progress").test(m) && of(m, second), 1, Duration.ofSeconds(10));

    stream.send("{\"subscribe\":\"" + first + "\"}");
    List<JsonNode> untilSnapshot = stream.collect(type("Snapshot"), 1, Duration.ofSeconds(5));
    List<JsonNode> narrowed = stream.drain(Duration.ofMillis(800));
    stream.send("{\"subscribe\":null}");
    List<JsonNode> untilWide = stream.collect(type("Snapshot"), 1, Duration.ofSeconds(5));
    List<JsonNode> widened =
        stream.collect(m -> type("Progress").test(m) && of(m, second), 2, Duration.ofSeconds(5));
    stream.send("not json, ignored");
    stream.send("{\"something\":\"else\"}");
    List<JsonNode> after = stream.collect(type("Progress"), 2, Duration.ofSeconds(5));
    stream.close();

    JsonNode snapshot = untilSnapshot.get(untilSnapshot.size() - 1);
    assertEquals(first, snapshot.get("test_id").asText());
    assertEquals(1, snapshot.get("tests").size());
    assertEquals(first, snapshot.at("/tests/0/test_id").asText());
    assertTrue(narrowed.stream().anyMatch(type("Progress")), narrowed.toString());
    assertTrue(narrowed.stream().allMatch(m -> of(m, first)), narrowed.toString());
    JsonNode wide = untilWide.get(untilWide.size() - 1);
    assertTrue(wide.get("test_id").isNull());
    assertEquals(2, wide.get("tests").size(), wide.toString());
    assertTrue(widened.stream().anyMatch(m -> of(m, second)));
    assertTrue(after.stream().noneMatch(type("Disconnected")));
  }

  @Test
  void theServerPingsAnIdleConnection() throws Exception {
    ServiceClient.LiveStream stream = client.openStream("?snapshot=false");

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (stream.pings() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    stream.close();

    assertTrue(stream.pings() >= 2, "pings: " + stream.pings());
    assertEquals(
        Duration.ofSeconds(10),
        ServiceConfig.load().getDuration("akka.http.server.websocket.periodic-keep-alive-max-idle"),
        "the service's own setting");
  }

  @Test
  void aTestsTimeSeriesAndPercentileDistributionAreServed() throws Exception {
    String testId = startTest(1.5, 200);
    ServiceClient.LiveStream stream = client.openStream("?test_id=" + testId);
    assertEquals(409, client.get("/api/test/" + testId + "/percentiles").status());
    JsonNode running = client.get("/api/test/" + testId + "/timeseries").json();
    stream.collect(type("TestCompleted"), 2, Duration.ofSeconds(15));
    stream.close();

    JsonNode series = client.get("/api/test/" + testId + "/timeseries").json();
    JsonNode spectrum = client.get("/api/test/" + testId + "/percentiles").json();

    assertEquals(testId, running.get("test_id").asText());
    assertTrue(series.get("finished").asBoolean());
    assertEquals(
        List.of("node", "bun"),
        List.of(series.at("/targets/0/name").asText(), series.at("/targets/1/name").asText()));
    for (JsonNode target : series.get("targets")) {
      JsonNode points = target.get("points");
      assertTrue(points.size() >= 6 && points.size() <= 10, "one per 200 ms: " + points);
      double previous = 0;
      for (JsonNode p : points) {
        assertTrue(p.get("t_seconds").asDouble() > previous);
        previous = p.get("t_seconds").asDouble();
        assertEquals(0, p.get("errors").asLong());
      }
      assertTrue(points.get(points.size() / 2).get("rps").asDouble() > 100, points.toString());
    }
    double slowMedian = series.at("/targets/1/points/3/p50_ms").asDouble();
    assertTrue(slowMedian >= 5, "the /slow target's interval median: " + slowMedian);
    for (JsonNode target : spectrum.get("targets")) {
      JsonNode levels = target.get("levels");
      assertTrue(levels.size() > 20, levels.toString());
      assertEquals(0.0, levels.get(0).get("percentile").asDouble(), 1e-9);
      for (int i = 1; i < levels.size(); i++) {
        assertTrue(
            levels.get(i).get("percentile").asDouble()
                > levels.get(i - 1).get("percentile").asDouble());
        assertTrue(
            levels.get(i).get("value_ms").asDouble()
                >= levels.get(i - 1).get("value_ms").asDouble());
        assertTrue(levels.get(i).get("one_in").asDouble() > 1);
      }
      assertTrue(
          target.get("max_ms").asDouble()
              >= levels.get(levels.size() - 1).get("value_ms").asDouble() * 0.999);
      assertEquals(300, target.get("count").asLong() + 0, 15, target.get("name").toString());
    }
    assertEquals(404, client.get("/api/test/nope/timeseries").status());
    assertEquals(404, client.get("/api/test/nope/percentiles").status());
  }
}
