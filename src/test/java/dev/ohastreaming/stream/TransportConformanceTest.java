package dev.ohastreaming.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.ConnectionContext;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Directives;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import dev.ohastreaming.testing.RawHttpServer;
import dev.ohastreaming.testing.RawHttpServer.Exchange;
import dev.ohastreaming.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Transport} must do, run against each implementation with real servers on
 * 127.0.0.1: a raw-socket server that writes exact bytes, and an Akka HTTP server for TLS.
 *
 * <p>Where the two transports differ for a reason inherent to Akka HTTP, the test asserts what each
 * really does and says why; the Netty assertion is never weakened for it.
 */
class TransportConformanceTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Transport NETTY = new NettyTransport(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STREAM_LIMIT = Duration.ofSeconds(15);

  @TempDir static Path tempDir;
  private static ServerBinding tlsServer;
  private static Path certificatePem;

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of(Named.of(AkkaHttpTransport.NAME, new AkkaHttpTransport())),
        Arguments.of(Named.of(NettyTransport.NAME, NETTY)));
  }

  static Stream<Arguments> transportsAndEmptyStatuses() {
    return transports()
        .flatMap(
            transport ->
                Stream.of(204, 304).map(status -> Arguments.of(transport.get()[0], status)));
  }

  @BeforeAll
  static void startTlsServer() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(tempDir);
    certificatePem = certificate.certificatePem();
    SSLContext context = certificate.serverContext();
    tlsServer =
        Http.get(testKit.system())
            .newServerAt("127.0.0.1", 0)
            .enableHttps(ConnectionContext.httpsServer(context))
            .bind(Directives.complete("secure"))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void shutDown() throws Exception {
    if (tlsServer != null) {
      tlsServer.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    testKit.shutdownTestKit();
  }

  // --- bodies and connection reuse ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void readsContentLengthBodies(Transport transport) throws Exception {
    try (RawHttpServer server = RawHttpServer.start(exchange -> respond(exchange, 200, "hello"))) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 3);

      assertEquals(List.of(200, 200, 200), statuses(outcomes));
      assertEquals(Arrays.asList(null, null, null), failures(outcomes));
      for (Outcome outcome : outcomes) {
        assertTrue(outcome.plannedNanos() <= outcome.sentNanos(), "planned before sent");
        assertTrue(outcome.sentNanos() <= outcome.completedNanos(), "sent before completed");
      }
      assertEquals(3, server.requests());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void readsChunkedBodies(Transport transport) throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
              exchange.write("5\r\nhello\r\n");
              exchange.write("1\r\n \r\n");
              exchange.write("5\r\nworld\r\n0\r\n\r\n");
              return true;
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 2);

      assertEquals(List.of(200, 200), statuses(outcomes));
      assertEquals(1, server.connections(), "the connection is reused after a chunked body");
    }
  }

  /**
   * A 16 MiB chunked body, more than the socket buffers hold, must be read to its end: the next
   * request on the same connection only gets a response if no byte of the body was left unread.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void drainsLargeChunkedBodies(Transport transport) throws Exception {
    int chunkBytes = 64 * 1024;
    int chunks = 256;
    byte[] chunk = new byte[chunkBytes];
    Arrays.fill(chunk, (byte) 'x');
    byte[] chunkHeader =
        (Integer.toHexString(chunkBytes) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
              for (int i = 0; i < chunks; i++) {
                exchange.write(chunkHeader);
                exchange.write(chunk);
                exchange.write("\r\n");
              }
              exchange.write("0\r\n\r\n");
              return true;
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/big")), options(1), 2);

      assertEquals(List.of(200, 200), statuses(outcomes));
      assertEquals(1, server.connections());
      assertEquals(2, server.requests());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void reusesOneKeepAliveConnection(Transport transport) throws Exception {
    try (RawHttpServer server = RawHttpServer.start(exchange -> respond(exchange, 200, "ok"))) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 5);

      assertEquals(List.of(200, 200, 200, 200, 200), statuses(outcomes));
      assertEquals(1, server.connections());
      assertEquals(5, server.requests());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void reconnectsAfterConnectionClose(Transport transport) throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
              return false;
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 3);

      assertEquals(List.of(200, 200, 200), statuses(outcomes));
      assertEquals(3, server.connections(), "one connection per request");
      assertEquals(3, server.requests());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void readsCloseDelimitedBodies(Transport transport) throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 200 OK\r\n\r\nthe body ends when the connection does");
              return false;
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 2);

      assertEquals(List.of(200, 200), statuses(outcomes));
      assertEquals(2, server.connections());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void skipsContinueBeforeTheFinalResponse(Transport transport) throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 100 Continue\r\n\r\n");
              return respond(exchange, 200, "ok");
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 2);

      assertEquals(List.of(200, 200), statuses(outcomes));
      assertEquals(1, server.connections());
    }
  }

  /** 204 and 304 have no body, even when a 304 repeats the Content-Length of the resource. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transportsAndEmptyStatuses")
  void readsNoBodyAfterNoContentStatuses(Transport transport, int status) throws Exception {
    String head =
        status == 204
            ? "HTTP/1.1 204 No Content\r\n\r\n"
            : "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n";
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write(head);
              return true;
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 2);

      assertEquals(List.of(status, status), statuses(outcomes));
      assertEquals(Arrays.asList(null, null), failures(outcomes));
      assertEquals(1, server.connections());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void readsNoBodyAfterHead(Transport transport) throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
              return true;
            })) {
      RequestTemplate head =
          new RequestTemplate("HEAD", URI.create(server.url("/")), List.of(), new byte[0]);

      List<Outcome> outcomes = send(transport, head, options(1), 2);

      assertEquals(List.of(200, 200), statuses(outcomes));
      assertEquals(1, server.connections());
      assertEquals("HEAD", server.received().get(0).method());
    }
  }

  // --- statuses ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void doesNotFollowRedirects(Transport transport) throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              String location = "http://127.0.0.1:" + exchange.localPort() + "/elsewhere";
              exchange.write(
                  "HTTP/1.1 301 Moved Permanently\r\nLocation: "
                      + location
                      + "\r\nContent-Length: 0\r\n\r\n");
              return true;
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/start")), options(1), 1);

      assertEquals(List.of(301), statuses(outcomes));
      assertTrue(outcomes.get(0).succeeded());
      assertEquals(1, server.requests());
      assertEquals("/start", server.received().get(0).target());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void reportsServerErrorsAsStatuses(Transport transport) throws Exception {
    try (RawHttpServer server = RawHttpServer.start(exchange -> respond(exchange, 500, "boom"))) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 1);

      assertEquals(List.of(500), statuses(outcomes));
      assertNull(outcomes.get(0).failure());
      assertEquals("HTTP_500", outcomes.get(0).errorType());
    }
  }

  // --- failures ---

  /**
   * The first request gets no answer in time; its connection must be closed so that the answer the
   * server writes later (a 503) cannot be taken for the second request's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void timesOutAndRecoversOnAFreshConnection(Transport transport) throws Exception {
    Duration timeout = Duration.ofMillis(500);
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              if (exchange.requestNumber() == 0) {
                Thread.sleep(timeout.toMillis() * 3);
                return respond(exchange, 503, "late");
              }
              return respond(exchange, 200, "ok");
            })) {
      TransportOptions options = new TransportOptions(1, timeout, TlsTrust.insecure(), false);

      List<Outcome> outcomes = send(transport, get(server.url("/")), options, 2);

      assertEquals(FailureKind.TIMEOUT, outcomes.get(0).failure());
      long waitedNanos = outcomes.get(0).completedNanos() - outcomes.get(0).sentNanos();
      assertTrue(waitedNanos >= timeout.toNanos(), "waited " + waitedNanos + " ns");
      // Akka HTTP checks its idle timeout on a 100 ms tick and reports it through the pool's
      // stages, several dispatcher hops that a loaded 2-core box delays; Netty's timer fires on the
      // connection's own event loop.
      Duration slack =
          transport instanceof AkkaHttpTransport ? Duration.ofSeconds(2) : Duration.ofSeconds(1);
      assertTrue(
          waitedNanos < timeout.plus(slack).toNanos(), "timed out late: " + waitedNanos + " ns");
      assertEquals(200, outcomes.get(1).statusCode());
      assertNull(outcomes.get(1).failure());
      assertEquals(2, server.connections());
    }
  }

  /**
   * A response that trickles in, one byte every 150 ms, outlasts a 500 ms request timeout. Netty's
   * timeout runs from the send, so it fires. Akka HTTP has no per-request timeout, only the
   * connection's idle timeout, which every byte restarts, so it waits for the whole response: a
   * difference inherent to Akka HTTP, stated in {@link AkkaHttpTransport}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void timesOutAResponseThatTricklesIn(Transport transport) throws Exception {
    Duration timeout = Duration.ofMillis(500);
    int bodyBytes = 8;
    Duration byteInterval = Duration.ofMillis(150);
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 200 OK\r\nContent-Length: " + bodyBytes + "\r\n\r\n");
              for (int i = 0; i < bodyBytes; i++) {
                Thread.sleep(byteInterval.toMillis());
                exchange.write("x");
              }
              return true;
            })) {
      TransportOptions options = new TransportOptions(1, timeout, TlsTrust.insecure(), false);

      Outcome outcome = send(transport, get(server.url("/")), options, 1).get(0);

      long waitedNanos = outcome.completedNanos() - outcome.sentNanos();
      if (transport instanceof AkkaHttpTransport) {
        assertEquals(200, outcome.statusCode());
        assertTrue(waitedNanos >= byteInterval.multipliedBy(bodyBytes).toNanos());
      } else {
        assertEquals(FailureKind.TIMEOUT, outcome.failure());
        assertTrue(waitedNanos >= timeout.toNanos(), "waited " + waitedNanos + " ns");
        assertTrue(waitedNanos < timeout.plusSeconds(1).toNanos(), "late: " + waitedNanos);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void countsEveryRefusedConnectAsOneOutcome(Transport transport) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = socket.getLocalPort();
    }

    List<Outcome> outcomes = send(transport, get("http://127.0.0.1:" + port + "/"), options(1), 3);

    assertEquals(
        List.of(
            FailureKind.CONNECTION_REFUSED,
            FailureKind.CONNECTION_REFUSED,
            FailureKind.CONNECTION_REFUSED),
        failures(outcomes));
    assertEquals(List.of(0, 0, 0), statuses(outcomes));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void reportsAResetInTheMiddleOfABody(Transport transport) throws Exception {
    try (RawHttpServer server = RawHttpServer.start(RawHttpServer.resetHalfwayThroughTheBody())) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 1);

      assertEquals(List.of(FailureKind.CONNECTION_RESET), failures(outcomes));
      assertEquals(List.of(0), statuses(outcomes));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void reportsABodyCutShortByAClose(Transport transport) throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
              exchange.write(new byte[500]);
              return false;
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 1);

      assertEquals(List.of(FailureKind.CONNECTION_RESET), failures(outcomes));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void reportsGarbageAsAnInvalidResponse(Transport transport) throws Exception {
    try (RawHttpServer server = RawHttpServer.start(RawHttpServer.garbage())) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(1), 1);

      assertEquals(List.of(FailureKind.INVALID_RESPONSE), failures(outcomes));
    }
  }

  /** A name under the reserved {@code .invalid} top-level domain never resolves. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void reportsAnUnknownHostAsDns(Transport transport) throws Exception {

    List<Outcome> outcomes = send(transport, get("http://no-such-host.invalid/"), options(1), 1);

    assertEquals(List.of(FailureKind.DNS), failures(outcomes));
  }

  // --- TLS ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void acceptsAnyCertificateWhenInsecure(Transport transport) throws Exception {
    TransportOptions insecure =
        new TransportOptions(1, REQUEST_TIMEOUT, TlsTrust.insecure(), false);

    assertEquals(List.of(200), statuses(send(transport, get(tlsUrl("127.0.0.1")), insecure, 1)));
    assertEquals(List.of(200), statuses(send(transport, get(tlsUrl("localhost")), insecure, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void verifiesAConfiguredCertificateAndHostName(Transport transport) throws Exception {
    TransportOptions trusting =
        new TransportOptions(
            1, REQUEST_TIMEOUT, TlsTrust.fromConfiguration(Optional.of(certificatePem)), true);

    assertEquals(List.of(200), statuses(send(transport, get(tlsUrl("localhost")), trusting, 1)));
    assertEquals(List.of(200), statuses(send(transport, get(tlsUrl("127.0.0.1")), trusting, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void rejectsAnUntrustedCertificate(Transport transport) throws Exception {
    TransportOptions defaultTrust =
        new TransportOptions(
            1, REQUEST_TIMEOUT, TlsTrust.fromConfiguration(Optional.empty()), true);

    List<Outcome> outcomes = send(transport, get(tlsUrl("localhost")), defaultTrust, 1);

    assertEquals(List.of(FailureKind.TLS), failures(outcomes));
  }

  // --- the flow's contract ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void keepsAtMostConnectionsRequestsInFlight(Transport transport) throws Exception {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger mostConcurrent = new AtomicInteger();
    try (RawHttpServer server =
        RawHttpServer.start(
            exchange -> {
              mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              // a slow server: the requests that the transport has in flight pile up here
              Thread.sleep(150);
              concurrent.decrementAndGet();
              return respond(exchange, 200, "slow");
            })) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(2), 6);

      assertEquals(List.of(200, 200, 200, 200, 200, 200), statuses(outcomes));
      assertEquals(2, mostConcurrent.get(), "both connections used, never more");
      assertEquals(6, server.requests());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void sendsTheTemplatedRequest(Transport transport) throws Exception {
    byte[] body = "{\"answer\":42}".getBytes(StandardCharsets.UTF_8);
    try (RawHttpServer server = RawHttpServer.start(exchange -> respond(exchange, 201, ""))) {
      RequestTemplate post =
          new RequestTemplate(
              "POST",
              URI.create(server.url("/submit?x=1&y=two")),
              List.of(
                  new RequestTemplate.HeaderField("X-Conformance", "value-1"),
                  new RequestTemplate.HeaderField("Content-Type", "application/json")),
              body);

      List<Outcome> outcomes = send(transport, post, options(1), 2);

      assertEquals(List.of(201, 201), statuses(outcomes));
      RawHttpServer.ReceivedRequest received = server.received().get(1);
      assertEquals("POST", received.method());
      assertEquals("/submit?x=1&y=two", received.target());
      assertEquals("value-1", received.headers().get("x-conformance"));
      assertEquals("application/json", received.headers().get("content-type"));
      assertEquals(String.valueOf(body.length), received.headers().get("content-length"));
      assertEquals("127.0.0.1:" + server.port(), received.headers().get("host"));
      assertArrayEquals(body, received.body());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void closesItsConnectionsWhenTheStreamCompletes(Transport transport) throws Exception {
    try (RawHttpServer server = RawHttpServer.start(exchange -> respond(exchange, 200, "ok"))) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(3), 9);

      assertEquals(9, outcomes.size());
      assertTrue(
          server.awaitClosedByClient(server.connections(), Duration.ofSeconds(5)),
          "all " + server.connections() + " connections closed");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void closesItsConnectionsWhenDownstreamCancels(Transport transport) throws Exception {
    try (RawHttpServer server = RawHttpServer.start(exchange -> respond(exchange, 200, "ok"))) {

      List<Outcome> outcomes =
          Source.repeat(0)
              .map(ignored -> new PlannedRequest(0, System.nanoTime(), false))
              .via(transport.flow(get(server.url("/")), options(2)))
              .take(4)
              .completionTimeout(STREAM_LIMIT)
              .runWith(Sink.seq(), testKit.system())
              .toCompletableFuture()
              .get(STREAM_LIMIT.toSeconds(), TimeUnit.SECONDS);

      assertEquals(4, outcomes.size());
      assertTrue(
          server.awaitClosedByClient(server.connections(), Duration.ofSeconds(5)),
          "all " + server.connections() + " connections closed");
    }
  }

  @Test
  void nettyStopsItsEventLoopThreadsWhenTheLastStreamEnds() throws Exception {
    NettyTransport transport = new NettyTransport(2);
    try (RawHttpServer server = RawHttpServer.start(exchange -> respond(exchange, 200, "ok"))) {

      List<Outcome> outcomes = send(transport, get(server.url("/")), options(2), 4);

      assertEquals(4, outcomes.size());
      transport.whenIdle().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  // --- helpers ---

  private static List<Outcome> send(
      Transport transport, RequestTemplate template, TransportOptions options, int count)
      throws Exception {
    return Source.range(1, count)
        .map(index -> new PlannedRequest(index, System.nanoTime(), false))
        .via(transport.flow(template, options))
        .completionTimeout(STREAM_LIMIT)
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture()
        .get(STREAM_LIMIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static RequestTemplate get(String url) {
    return new RequestTemplate("GET", URI.create(url), List.of(), new byte[0]);
  }

  private static TransportOptions options(int connections) {
    return new TransportOptions(connections, REQUEST_TIMEOUT, TlsTrust.insecure(), false);
  }

  private static boolean respond(Exchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.write(
        "HTTP/1.1 " + status + " Status\r\nContent-Length: " + bytes.length + "\r\n\r\n");
    exchange.write(bytes);
    return true;
  }

  private static List<Integer> statuses(List<Outcome> outcomes) {
    return outcomes.stream().map(Outcome::statusCode).toList();
  }

  private static List<FailureKind> failures(List<Outcome> outcomes) {
    return outcomes.stream().map(Outcome::failure).toList();
  }

  private static String tlsUrl(String host) {
    return "https://" + host + ":" + tlsServer.localAddress().getPort() + "/";
  }
}
