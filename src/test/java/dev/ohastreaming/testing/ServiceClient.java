package dev.ohastreaming.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A client of the service's API for tests, on the JDK's own HTTP client so that the service is
 * tested from the outside.
 */
public final class ServiceClient {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** A client of the service on {@code 127.0.0.1:port}. */
  public ServiceClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A response: status and body parsed as JSON (null when the body is not JSON). */
  public record Answer(int status, JsonNode json, HttpResponse<String> raw) {}

  public Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Answer post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = MAPPER.readTree(response.body());
    } catch (Exception e) {
      json = null;
    }
    return new Answer(response.statusCode(), json, response);
  }

  /** Opens {@code /ws} (with {@code query}, may be empty) and collects its JSON messages. */
  public LiveStream openStream(String query) throws Exception {
    LiveStream stream = new LiveStream();
    http.newWebSocketBuilder()
        .buildAsync(
            URI.create(
                "ws://127.0.0.1:" + base.substring(base.lastIndexOf(':') + 1) + "/ws" + query),
            stream)
        .get(10, TimeUnit.SECONDS);
    return stream;
  }

  /**
   * Opens {@code /ws} (with {@code query}) on a raw socket with a tiny receive buffer and never
   * reads from it: a browser tab that froze. Close the socket to end it.
   */
  public Socket openFrozenSocket(String query) throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.connect(
        new InetSocketAddress(
            "127.0.0.1", Integer.parseInt(base.substring(base.lastIndexOf(':') + 1))),
        5000);
    String handshake =
        "GET /ws"
            + query
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(handshake.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** The messages of one WebSocket connection, as they arrive. */
  public static final class LiveStream implements WebSocket.Listener {
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile WebSocket socket;

    @Override
    public void onOpen(WebSocket webSocket) {
      this.socket = webSocket;
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      pings.incrementAndGet();
      return null;
    }

    /** Pings the server has sent so far (the client answers each with a pong). */
    public int pings() {
      return pings.get();
    }

    /** Sends one text frame. */
    public void send(String text) throws Exception {
      socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(MAPPER.readTree(partial.toString()));
        } catch (Exception e) {
          throw new IllegalStateException("not JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      return null;
    }

    /**
     * Every message up to and including the one where {@code count} messages matched {@code until};
     * fails after {@code timeout}.
     */
    public List<JsonNode> collect(Predicate<JsonNode> until, int count, Duration timeout)
        throws InterruptedException {
      List<JsonNode> seen = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      int matched = 0;
      while (matched < count) {
        long left = deadline - System.nanoTime();
        JsonNode next = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
        if (next == null) {
          throw new AssertionError(
              "timed out after " + timeout + " with " + matched + "/" + count + ": " + seen);
        }
        seen.add(next);
        if (until.test(next)) {
          matched++;
        }
      }
      return seen;
    }

    /** Messages that arrive within {@code wait}. */
    public List<JsonNode> drain(Duration wait) throws InterruptedException {
      List<JsonNode> seen = new ArrayList<>();
      long deadline = System.nanoTime() + wait.toNanos();
      for (long left = wait.toNanos(); left > 0; left = deadline - System.nanoTime()) {
        JsonNode next = messages.poll(left, TimeUnit.NANOSECONDS);
        if (next != null) {
          seen.add(next);
        }
      }
      return seen;
    }

    public void close() {
      if (socket != null) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      }
    }
  }

  /** Shorthand for tests: messages of {@code type}. */
  public static Predicate<JsonNode> type(String type) {
    return message -> type.equals(message.path("type").asText());
  }
}
