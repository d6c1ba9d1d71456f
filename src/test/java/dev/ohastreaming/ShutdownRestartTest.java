package dev.ohastreaming;

import static dev.ohastreaming.testing.ServiceClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestTargets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as its own process: SIGTERM stops a running test, publishes and saves its results as
 * Stopped before exiting, and the next process on the same data directory knows the test.
 */
class ShutdownRestartTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static TestTargets targets;

  @TempDir Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    targets = TestTargets.start(testKit.system(), Duration.ofMillis(2));
  }

  @AfterAll
  static void shutdown() throws Exception {
    targets.close();
    testKit.shutdownTestKit();
  }

  @Test
  void sigtermStopsAndSavesTheRunningTestAndTheNextProcessKnowsIt() throws Exception {
    int port = freePort();
    Process first = startService(port, "first");
    String testId;
    try {
      ServiceClient client = awaitHealthy(port, first);
      ServiceClient.LiveStream stream = client.openStream("");
      testId =
          client
              .post(
                  "/api/test/start",
                  "{\"node_url\":\""
                      + targets.url("/ok")
                      + "\",\"duration_seconds\":120,\"rate_per_second\":50}")
              .json()
              .get("test_id")
              .asText();
      stream.collect(type("Progress"), 1, Duration.ofSeconds(10));

      first.destroy();
      List<JsonNode> seen = stream.collect(type("TestCompleted"), 1, Duration.ofSeconds(10));

      JsonNode completed = seen.get(seen.size() - 1);
      assertEquals(testId, completed.get("test_id").asText());
      assertTrue(completed.at("/results/total_requests").asLong() > 0, completed.toString());
      assertTrue(first.waitFor(15, TimeUnit.SECONDS), "the service exits after SIGTERM");
    } finally {
      first.destroyForcibly();
    }
    Path tests = dataDir.resolve("tests");
    byte[] saved = Files.readAllBytes(tests.resolve(testId + ".json"));
    Files.write(tests.resolve("cut-short.json"), java.util.Arrays.copyOf(saved, saved.length / 3));

    int secondPort = freePort();
    Process second = startService(secondPort, "second");
    try {
      ServiceClient client = awaitHealthy(secondPort, second);
      JsonNode status = client.get("/api/test/status/" + testId).json();

      assertEquals("Stopped", status.get("status").asText(), status.toString());
      assertTrue(status.at("/targets/0/results/total_requests").asLong() > 0, status.toString());
      assertEquals(1, client.get("/api/tests").json().get("tests").size());
    } finally {
      second.destroy();
      assertTrue(second.waitFor(15, TimeUnit.SECONDS), "the idle service exits after SIGTERM");
    }
  }

  private Process startService(int port, String name) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-Xmx256m",
            "-Doha.http.host=127.0.0.1",
            "-Doha.shutdown.test-stop-timeout=5s",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName());
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().remove("API_TOKEN");
    builder.environment().remove("ALLOWED_TARGETS");
    builder.redirectErrorStream(true);
    builder.redirectOutput(dataDir.resolve(name + ".log").toFile());
    return builder.start();
  }

  private ServiceClient awaitHealthy(int port, Process process) throws Exception {
    ServiceClient client = new ServiceClient(port);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (client.get("/health").status() == 200) {
          return client;
        }
      } catch (IOException notYetListening) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the service did not come up: " + log(process));
  }

  private String log(Process process) throws IOException {
    try (var files = Files.list(dataDir)) {
      return files
          .filter(f -> f.toString().endsWith(".log"))
          .map(ShutdownRestartTest::read)
          .reduce("alive=" + process.isAlive() + "\n", String::concat);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
