package dev.ohastreaming.store;

import static dev.ohastreaming.testing.ServiceClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished tests and their interval logs outlive the service, and a bad file never stops it. */
class PersistenceTest {

  @TempDir Path dataDir;

  private OhaService start() {
    return OhaService.start(
        TestConfig.with(
            "oha.report-interval = 200ms\noha.store.data-dir = \"" + dataDir.toString() + "\""));
  }

  @Test
  void aFinishedTestIsQueryableAfterARestartWithItsIntervalLog() throws Exception {
    OhaService first = start();
    String testId;
    long total;
    String hlog;
    try (TestTargets target = TestTargets.start(first.engine().system(), Duration.ofMillis(2))) {
      ServiceClient client = new ServiceClient(first.address().getPort());
      ServiceClient.LiveStream stream = client.openStream("");
      testId =
          client
              .post(
                  "/api/test/start",
                  "{\"node_url\":\""
                      + target.url("/ok")
                      + "\",\"duration_seconds\":1,\"rate_per_second\":100}")
              .json()
              .get("test_id")
              .asText();
      stream.collect(type("TestCompleted"), 1, Duration.ofSeconds(10));
      stream.close();
      total = awaitSaved(client, testId).path("total_requests").asLong();
      ServiceClient.Answer log = client.get("/api/test/" + testId + "/node.hlog");
      assertEquals(200, log.status());
      assertTrue(
          log.raw().headers().firstValue("content-type").orElse("").startsWith("text/plain"));
      hlog = log.raw().body();
    } finally {
      first.stop();
    }
    Files.writeString(dataDir.resolve("tests").resolve("corrupt.json"), "{\"format\":1,\"te");
    Path saved = dataDir.resolve("tests").resolve(testId + ".json");
    byte[] whole = Files.readAllBytes(saved);
    Files.write(
        dataDir.resolve("tests").resolve("truncated.json"), Arrays.copyOf(whole, whole.length / 2));

    OhaService second = start();
    try {
      ServiceClient client = new ServiceClient(second.address().getPort());
      JsonNode status = client.get("/api/test/status/" + testId).json();
      JsonNode list = client.get("/api/tests").json().get("tests");

      assertEquals("Completed", status.get("status").asText(), status.toString());
      assertEquals(total, status.at("/targets/0/results/total_requests").asLong());
      assertTrue(status.at("/targets/0/results/p99_latency_ms").asDouble() > 0);
      assertEquals(1, list.size(), "corrupt and truncated files are skipped: " + list);
      assertEquals(200, client.get("/api/test/" + testId + "/node.hlog").status());
      assertEquals(404, client.get("/api/test/" + testId + "/bun.hlog").status());
      assertEquals(404, client.get("/api/test/" + testId + "/..%2F..%2Fx.hlog").status());
    } finally {
      second.stop();
    }
    assertEquals(total, countInLog(hlog), "the interval log holds every measured request");
  }

  private static JsonNode awaitSaved(ServiceClient client, String testId) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      JsonNode status = client.get("/api/test/status/" + testId).json();
      if (!"Running".equals(status.get("status").asText())) {
        return status.at("/targets/0/results");
      }
      Thread.sleep(100);
    }
    throw new AssertionError("test " + testId + " did not finish");
  }

  private static long countInLog(String hlog) {
    HistogramLogReader reader =
        new HistogramLogReader(new ByteArrayInputStream(hlog.getBytes(StandardCharsets.UTF_8)));
    long count = 0;
    int intervals = 0;
    for (EncodableHistogram next = reader.nextIntervalHistogram();
        next != null;
        next = reader.nextIntervalHistogram()) {
      count += ((Histogram) next).getTotalCount();
      intervals++;
    }
    assertTrue(intervals >= 4, "one histogram per 200 ms interval, got " + intervals);
    return count;
  }

  @Test
  void retentionKeepsTheNewestTestsUpToTheCountAndAge() throws Exception {
    Path tests = Files.createDirectories(dataDir.resolve("tests"));
    TestStore store = new TestStore(dataDir);
    for (String id : List.of("a-1", "a-2", "a-3")) {
      Files.writeString(tests.resolve(id + ".json"), "{}");
      Files.createDirectories(dataDir.resolve("hlog").resolve(id));
      Files.writeString(dataDir.resolve("hlog").resolve(id).resolve("node.hlog"), "#");
      Thread.sleep(20);
    }

    int removed = store.prune(2, Duration.ofDays(1), Instant.now());

    assertEquals(1, removed);
    assertTrue(Files.notExists(tests.resolve("a-1.json")));
    assertTrue(Files.notExists(dataDir.resolve("hlog").resolve("a-1")));
    assertTrue(Files.exists(tests.resolve("a-3.json")));
    assertEquals(2, store.prune(10, Duration.ofMillis(1), Instant.now().plusSeconds(1)));
    assertTrue(store.loadAll().isEmpty());
  }
}
