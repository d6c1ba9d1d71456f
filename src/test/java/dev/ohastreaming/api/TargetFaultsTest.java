package dev.ohastreaming.api;

import static dev.ohastreaming.testing.ServiceClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.RawHttpServer;
import dev.ohastreaming.testing.SelfSignedCertificate;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Target faults are measured, never fatal: for every way a target can misbehave, a short open-model
 * test through the REST API ends on time, counts every request as failed under the fault's {@code
 * error_types} key, and leaves the service healthy, with no thread and no connection left behind.
 *
 * <p>Each case runs once per transport, on a service of its own. The misbehaving targets are {@link
 * RawHttpServer}s on 127.0.0.1, which also count the connections the client still holds open.
 */
class TargetFaultsTest {

  private static final List<String> TRANSPORTS = List.of("akka-http", "netty");
  private static final Duration RUN = Duration.ofMillis(1000);
  private static final int RATE_PER_SECOND = 40;
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  // start delay (100 ms) and end grace (250 ms) of the service, a report interval and scheduling
  private static final Duration ON_TIME_SLACK = Duration.ofMillis(2000);
  private static final Duration LEAK_WAIT = Duration.ofSeconds(5);
  private static final int THREAD_SLACK = 1;
  // Pools that start threads lazily up to a bound and retire them after an idle minute are left
  // out of the count, so that what remains can only grow by leaking: Akka's dispatchers (the
  // blocking one, where Akka HTTP resolves host names, grows with every connect) and the workers of
  // the JDK client that drives the API from this test.
  private static final List<String> POOLED_THREADS = List.of("oha-akka.actor.", "HttpClient-");

  @TempDir static Path directory;
  private static final Map<String, OhaService> services = new LinkedHashMap<>();
  private static final Map<String, ServiceClient> clients = new LinkedHashMap<>();
  private static SelfSignedCertificate certificate;
  private static TestTargets healthyTargets;
  private int threadsBefore;

  static Stream<String> transports() {
    return TRANSPORTS.stream();
  }

  @BeforeAll
  static void start() throws Exception {
    certificate = SelfSignedCertificate.generate(directory);
    for (String transport : TRANSPORTS) {
      OhaService service =
          OhaService.start(TestConfig.with("oha.transport = \"" + transport + "\""));
      services.put(transport, service);
      clients.put(transport, new ServiceClient(service.address().getPort()));
    }
    healthyTargets =
        TestTargets.start(services.get(TRANSPORTS.get(0)).engine().system(), Duration.ZERO);
    // warmed up, so that the threads a first test ever starts are in the count
    for (String transport : TRANSPORTS) {
      assertAHealthyTestSucceeds(transport);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (healthyTargets != null) {
      healthyTargets.close();
    }
    services.values().forEach(OhaService::stop);
  }

  @BeforeEach
  void countThreads() {
    threadsBefore = liveThreads();
  }

  @AfterEach
  void leavesNoThreadBehind() throws Exception {
    long deadlineNanos = System.nanoTime() + LEAK_WAIT.toNanos();
    while (liveThreads() > threadsBefore + THREAD_SLACK && System.nanoTime() < deadlineNanos) {
      Thread.sleep(50);
    }
    int threads = liveThreads();
    assertTrue(
        threads <= threadsBefore + THREAD_SLACK,
        threads
            + " threads alive, "
            + threadsBefore
            + " before the test: "
            + countedThreads().map(Thread::getName).sorted().toList());
  }

  // --- faults ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void refusedConnectionsAreCountedAndTheRunEndsOnTime(String transport) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      closedPort = socket.getLocalPort();
    }

    JsonNode results = runOnTime(transport, "http://127.0.0.1:" + closedPort + "/");

    assertAllFailedAs("ConnectionRefused", results);
    assertTheServiceIsHealthy(transport);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void responsesResetHalfwayAreCountedAndTheRunEndsOnTime(String transport) throws Exception {
    RawHttpServer server = RawHttpServer.start(RawHttpServer.resetHalfwayThroughTheBody());

    assertMeasuredAs("ConnectionReset", transport, server, TIMEOUT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void unansweredRequestsTimeOutWithinTheTimeout(String transport) throws Exception {
    RawHttpServer server = RawHttpServer.start(exchange -> true);

    JsonNode results = assertMeasuredAs("Timeout", transport, server, TIMEOUT);

    assertTimedOutWithinTheTimeout(results);
  }

  /**
   * The status line comes at once, then one header byte every 600 ms, twice the timeout. The gap is
   * that long because Akka HTTP's timeout is the connection's idle timeout, which each byte
   * restarts and which Akka checks only every 100 ms (see {@link
   * dev.ohastreaming.stream.AkkaHttpTransport}); that Netty's timeout, running from the send, also
   * fires on a faster trickle is proven by {@code TransportConformanceTest}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void headersThatTrickleInSlowerThanTheTimeoutTimeOut(String transport) throws Exception {
    RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 200 OK\r\n");
              for (int i = 0; i < 5; i++) {
                Thread.sleep(TIMEOUT.toMillis() * 2);
                exchange.write("X");
              }
              return false;
            });

    JsonNode results = assertMeasuredAs("Timeout", transport, server, TIMEOUT);

    assertTimedOutWithinTheTimeout(results);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void garbageIsCountedAsAnInvalidResponse(String transport) throws Exception {
    RawHttpServer server = RawHttpServer.start(RawHttpServer.garbage());

    assertMeasuredAs("InvalidResponse", transport, server, TIMEOUT);
  }

  /** A name under the reserved {@code .invalid} top-level domain never resolves. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void unresolvableHostsAreCountedAsDnsErrors(String transport) throws Exception {

    JsonNode results = runOnTime(transport, "http://no-such-host.invalid/");

    assertAllFailedAs("DnsError", results);
    assertTheServiceIsHealthy(transport);
  }

  /**
   * The service trusts only the JVM's CAs here, so the self-signed certificate is refused. The
   * timeout is longer than the other cases': a TLS handshake on a cold JVM and two shared cores can
   * take longer than 300 ms, and what is tested here is trust, not speed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void untrustedCertificatesAreCountedAsTlsErrors(String transport) throws Exception {
    RawHttpServer server = RawHttpServer.startTls(certificate.serverContext(), exchange -> true);

    assertMeasuredAs("TlsError", transport, server, Duration.ofSeconds(2));
  }

  // --- helpers ---

  /**
   * Runs the fault test against {@code server} and closes it; asserts that the run ended on time
   * with every request failed as {@code errorType}, that no connection to the server was left open
   * and that the service is healthy afterwards.
   */
  private static JsonNode assertMeasuredAs(
      String errorType, String transport, RawHttpServer server, Duration timeout) throws Exception {
    JsonNode results;
    try (server) {
      results = runOnTime(transport, server.url("/"), timeout);

      assertAllFailedAs(errorType, results);
      assertNoConnectionLeftOpen(server);
    }
    assertTheServiceIsHealthy(transport);
    return results;
  }

  /** Runs the fault test against {@code url}; asserts that it ended on time, returns results. */
  private static JsonNode runOnTime(String transport, String url) throws Exception {
    return runOnTime(transport, url, TIMEOUT);
  }

  private static JsonNode runOnTime(String transport, String url, Duration timeout)
      throws Exception {
    Duration limit = RUN.plus(timeout).plus(ON_TIME_SLACK);
    String body =
        String.format(
            "{\"node_url\":\"%s\",\"duration_seconds\":%s,\"connections\":20,"
                + "\"rate_per_second\":%d,\"timeout_ms\":%d}",
            url, RUN.toMillis() / 1000.0, RATE_PER_SECOND, timeout.toMillis());
    long startNanos = System.nanoTime();

    JsonNode results = runTest(transport, body, limit);

    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    assertTrue(took.compareTo(limit) <= 0, "TestCompleted after " + took + ": " + results);
    return results;
  }

  /** Starts a test with {@code body} and returns its results, failing after {@code limit}. */
  private static JsonNode runTest(String transport, String body, Duration limit) throws Exception {
    ServiceClient client = clients.get(transport);
    ServiceClient.LiveStream stream = client.openStream("?snapshot=false");
    try {
      ServiceClient.Answer started = client.post("/api/test/start", body);
      assertEquals(200, started.status(), started.raw().body());
      String testId = started.json().get("test_id").asText();
      List<JsonNode> messages =
          stream.collect(
              m -> type("TestCompleted").test(m) && testId.equals(m.path("test_id").asText()),
              1,
              limit);
      return messages.get(messages.size() - 1).get("results");
    } finally {
      stream.close();
    }
  }

  private static void assertAllFailedAs(String errorType, JsonNode results) {
    long total = results.get("total_requests").asLong();
    long failed = results.get("failed_requests").asLong();
    long planned = RUN.toMillis() * RATE_PER_SECOND / 1000;
    assertEquals(total, results.get("successful_requests").asLong() + failed, results.toString());
    assertEquals(total, failed, results.toString());
    assertEquals(total, results.at("/error_types/" + errorType).asLong(), results.toString());
    assertEquals(planned, total + results.get("unsent_requests").asLong(), results.toString());
    assertTrue(total >= planned / 2, "most of the schedule was sent: " + results);
  }

  private static void assertTimedOutWithinTheTimeout(JsonNode results) {
    double slowestMillis = results.at("/service_time/max_ms").asDouble();
    assertTrue(slowestMillis >= TIMEOUT.toMillis() * 0.9, results.toString());
    assertTrue(slowestMillis < TIMEOUT.toMillis() + 250, results.toString());
  }

  private static void assertNoConnectionLeftOpen(RawHttpServer server) throws Exception {
    assertTrue(
        server.awaitNoClientHeldConnections(LEAK_WAIT),
        server.clientHeldConnections() + " of " + server.connections() + " connections open");
  }

  private static void assertTheServiceIsHealthy(String transport) throws Exception {
    ServiceClient.Answer health = clients.get(transport).get("/health");
    assertEquals(200, health.status());
    assertEquals("healthy", health.json().get("status").asText());
    assertAHealthyTestSucceeds(transport);
  }

  private static void assertAHealthyTestSucceeds(String transport) throws Exception {
    String body =
        String.format(
            "{\"node_url\":\"%s\",\"duration_seconds\":0.5,\"rate_per_second\":20}",
            healthyTargets.url("/ok"));

    JsonNode results = runTest(transport, body, Duration.ofSeconds(10));

    assertEquals(0, results.get("failed_requests").asLong(), results.toString());
    assertTrue(results.get("successful_requests").asLong() >= 5, results.toString());
  }

  private static int liveThreads() {
    return (int) countedThreads().count();
  }

  private static Stream<Thread> countedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> POOLED_THREADS.stream().noneMatch(thread.getName()::startsWith));
  }
}
