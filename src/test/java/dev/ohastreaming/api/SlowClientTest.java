package dev.ohastreaming.api;

import static dev.ohastreaming.testing.ServiceClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A WebSocket client that stops reading costs only itself. */
class SlowClientTest {

  /**
   * Progress every 20 ms per target, and small fixed socket send buffers (Linux would otherwise
   * grow them to megabytes on loopback), so that a frozen client overflows within a second.
   */
  private static final String FAST_PROGRESS =
      "oha.report-interval = 20ms\noha.subscriber-buffer-size = 8\n"
          + "akka.http.server.socket-options.so-send-buffer-size = 4096\n";

  private static String maxThroughput(TestTargets targets, double seconds) {
    return String.format(
        "{\"targets\":[{\"name\":\"a\",\"url\":\"%s\"},{\"name\":\"b\",\"url\":\"%s\"}],"
            + "\"duration_seconds\":%s,\"connections\":4}",
        targets.url("/ok"), targets.url("/ok"), seconds);
  }

  /** Runs one test to its end while {@code watcher} reads; returns the summed achieved rate. */
  private static double run(
      ServiceClient client, TestTargets targets, ServiceClient.LiveStream watcher, List<Long> lags)
      throws Exception {
    String testId =
        client.post("/api/test/start", maxThroughput(targets, 2)).json().get("test_id").asText();
    List<JsonNode> messages =
        watcher.collect(
            m -> {
              if (type("Progress").test(m)) {
                Instant sent = Instant.parse(m.get("timestamp").asText());
                lags.add(Duration.between(sent, Instant.now()).toMillis());
              }
              return type("TestCompleted").test(m) && testId.equals(m.path("test_id").asText());
            },
            2,
            Duration.ofSeconds(20));
    return messages.stream()
        .filter(type("TestCompleted"))
        .mapToDouble(m -> m.at("/results/requests_per_second").asDouble())
        .sum();
  }

  @Test
  void aFrozenClientNeitherSlowsTheTestNorDelaysAnotherClient() throws Exception {
    OhaService service = OhaService.start(TestConfig.with(FAST_PROGRESS));
    try (TestTargets targets = TestTargets.start(service.engine().system(), Duration.ZERO)) {
      ServiceClient client = new ServiceClient(service.address().getPort());
      ServiceClient.LiveStream watcher = client.openStream("?snapshot=false");
      run(client, targets, watcher, new ArrayList<>()); // warms the JIT for the measured runs

      double before = run(client, targets, watcher, new ArrayList<>());
      List<Long> lags = new ArrayList<>();
      double withFrozen;
      try (Socket frozen = client.openFrozenSocket("")) {
        withFrozen = run(client, targets, watcher, lags);
      }
      double after = run(client, targets, watcher, new ArrayList<>());
      watcher.close();
      // Runs without the frozen client on both sides, so that warm-up favours neither.
      double alone = (before + after) / 2;

      System.out.printf(
          "fan-out: %.0f req/s alone (%.0f before, %.0f after), %.0f req/s with a frozen client;"
              + " other client's lag max %d ms over %d progress messages; %d dropped for the"
              + " frozen one%n",
          alone,
          before,
          after,
          withFrozen,
          lags.stream().mapToLong(Long::longValue).max().orElse(-1),
          lags.size(),
          service.engine().hub().droppedForSlowSubscribers());
      assertTrue(service.engine().hub().droppedForSlowSubscribers() > 0, "the client did freeze");
      assertTrue(withFrozen > 0.6 * alone, withFrozen + " vs " + alone + " req/s");
      assertTrue(lags.size() >= 100, "the reading client got the progress: " + lags.size());
      assertTrue(lags.stream().allMatch(lag -> lag < 1000), "lags (ms): " + lags);
    } finally {
      service.stop();
    }
  }

  @Test
  void aClientThatStaysBehindIsToldWhyAndDisconnected() throws Exception {
    OhaService service =
        OhaService.start(TestConfig.with(FAST_PROGRESS + "oha.live.slow-client-close-after = 1s"));
    try (TestTargets targets = TestTargets.start(service.engine().system(), Duration.ZERO)) {
      ServiceClient client = new ServiceClient(service.address().getPort());
      Socket frozen = client.openFrozenSocket("");
      client.post("/api/test/start", maxThroughput(targets, 3));
      Thread.sleep(2500);

      // Read until the whole reason has arrived: the frame may come in several reads.
      String received = readUntil(frozen, "client too slow", Duration.ofSeconds(10));
      frozen.close();

      assertTrue(received.contains("\"type\":\"Disconnected\""), received);
      assertTrue(received.contains("client too slow"), received);
      assertEquals(0, waitForNoClients(service), "the service let go of the connection");
    } finally {
      service.stop();
    }
  }

  private static String readUntil(Socket socket, String marker, Duration timeout) throws Exception {
    socket.setSoTimeout(500);
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    byte[] chunk = new byte[65536];
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && text.indexOf(marker) < 0) {
      try {
        int n = in.read(chunk);
        if (n < 0) {
          break;
        }
        text.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
      } catch (java.net.SocketTimeoutException e) {
        // nothing yet: read again until the deadline
      }
    }
    return text.substring(Math.max(0, text.length() - 4000));
  }

  private static int waitForNoClients(OhaService service) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline && service.engine().hub().subscribers() != 0) {
      Thread.sleep(50);
    }
    return service.engine().hub().subscribers();
  }
}
