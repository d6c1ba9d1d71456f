package dev.ohastreaming.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A deliberately tiny HTTP/1.1 server on 127.0.0.1 for transport tests.
 *
 * <p>It parses just enough of each request (request line, headers, a {@code Content-Length} body)
 * to hand it to a {@link Behaviour}, which writes the exact response bytes, including broken ones
 * that no real server library would produce. One thread per connection; every thread is a daemon
 * and {@link #close} ends them all. The server counts connections, requests and the connections
 * that the client closed (or reset) while the server waited for a request, so tests can assert what
 * reached it.
 *
 * <p>It also counts the connections that the client still holds open ({@link
 * #clientHeldConnections}): a connection stops counting when the client ends it (an end of stream
 * or a reset reaches the server) or when the server aborts it with {@link Exchange#reset}. When a
 * behaviour closes a connection, the server only shuts down its output and waits up to {@link
 * #CLIENT_CLOSE_WAIT} for the client to close its side, so that a client that never closes a
 * connection the server ended stays counted.
 */
public final class RawHttpServer implements AutoCloseable {

  /** What the server does with one request. */
  @FunctionalInterface
  public interface Behaviour {
    /**
     * Answers {@code exchange}.
     *
     * @return true to keep the connection open for a next request, false to close it
     */
    boolean respond(Exchange exchange) throws IOException, InterruptedException;
  }

  /** Headers promising 1000 bytes and 500 of them, then a TCP reset. */
  public static Behaviour resetHalfwayThroughTheBody() {
    return exchange -> {
      exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
      exchange.write(new byte[500]);
      exchange.reset();
      return false;
    };
  }

  /** A line that is not HTTP where the status line belongs; the connection stays open. */
  public static Behaviour garbage() {
    return exchange -> {
      exchange.write("THIS IS NOT HTTP AT ALL\r\n\r\n");
      return true;
    };
  }

  /**
   * One request as received.
   *
   * @param headers header values by lower-case name
   */
  public record ReceivedRequest(
      String method, String target, Map<String, String> headers, byte[] body) {}

  /** A request and the connection to answer it on. */
  public static final class Exchange {
    private final Socket socket;
    private final OutputStream output;
    private final ReceivedRequest request;
    private final int requestNumber;

    private Exchange(Socket socket, ReceivedRequest request, int requestNumber) throws IOException {
      this.socket = socket;
      this.output = socket.getOutputStream();
      this.request = request;
      this.requestNumber = requestNumber;
    }

    /** The request. */
    public ReceivedRequest request() {
      return request;
    }

    /** The request's position among all requests this server received, from 0. */
    public int requestNumber() {
      return requestNumber;
    }

    /** The server's port, as the client connected to it. */
    public int localPort() {
      return socket.getLocalPort();
    }

    /** Writes {@code text} as ISO-8859-1 bytes and flushes. */
    public void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code bytes} and flushes. */
    public void write(byte[] bytes) throws IOException {
      output.write(bytes);
      output.flush();
    }

    /** Aborts the connection with a TCP reset (SO_LINGER 0), discarding unsent data. */
    public void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }
  }

  /** How long a connection that the server ended may wait for the client to close its side. */
  public static final Duration CLIENT_CLOSE_WAIT = Duration.ofSeconds(10);

  private final ServerSocket serverSocket;
  private final String scheme;
  private final Behaviour behaviour;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<ReceivedRequest> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger clientHeld = new AtomicInteger();
  private final Object closedMonitor = new Object();
  private int closedByClient;

  private RawHttpServer(Behaviour behaviour, SSLContext tls) throws IOException {
    this.behaviour = behaviour;
    this.serverSocket =
        tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
    this.scheme = tls == null ? "http" : "https";
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "raw-http-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  public static RawHttpServer start(Behaviour behaviour) {
    return start(behaviour, null);
  }

  /**
   * Starts a server that speaks TLS with {@code tls}'s key on an ephemeral port of 127.0.0.1; a
   * failed handshake ends its connection as a client that went away would.
   */
  public static RawHttpServer startTls(SSLContext tls, Behaviour behaviour) {
    return start(behaviour, tls);
  }

  private static RawHttpServer start(Behaviour behaviour, SSLContext tls) {
    try {
      return new RawHttpServer(behaviour, tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bound port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port><path>}, or {@code https} for a TLS server. */
  public String url(String path) {
    return scheme + "://127.0.0.1:" + port() + path;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
  }

  /** A copy of the requests received so far, in arrival order. */
  public List<ReceivedRequest> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /**
   * Waits until the client has ended {@code count} connections: closed them between requests, or
   * broke them with a reset at any point.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitClosedByClient(int count, Duration timeout) throws InterruptedException {
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    synchronized (closedMonitor) {
      while (closedByClient < count) {
        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(closedMonitor, leftNanos);
      }
      return true;
    }
  }

  /** Connections accepted whose client end is not known to be closed yet. */
  public int clientHeldConnections() {
    return clientHeld.get();
  }

  /**
   * Waits until the client holds no connection to this server open.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitNoClientHeldConnections(Duration timeout) throws InterruptedException {
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    while (clientHeld.get() > 0 && System.nanoTime() < deadlineNanos) {
      Thread.sleep(10);
    }
    return clientHeld.get() == 0;
  }

  @Override
  public void close() {
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        connections.incrementAndGet();
        clientHeld.incrementAndGet();
        open.add(socket);
        Thread handler = new Thread(() -> serve(socket), "raw-http-" + socket.getPort());
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    boolean clientEnded = false;
    try (socket) {
      InputStream input = new BufferedInputStream(socket.getInputStream());
      boolean keepOpen = true;
      while (keepOpen) {
        ReceivedRequest request = readRequest(input);
        if (request == null) {
          clientClosed();
          clientEnded = true;
          return;
        }
        received.add(request);
        keepOpen = behaviour.respond(new Exchange(socket, request, requests.getAndIncrement()));
      }
      // a reset by the behaviour ended the connection on both sides at once:
      clientEnded = socket.isClosed() || awaitClientClose(socket, input);
    } catch (IOException e) {
      // a reset or a broken pipe: a client that closes with response bytes unread resets
      if (!serverSocket.isClosed()) {
        clientClosed();
        clientEnded = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(socket);
      if (clientEnded) {
        clientHeld.decrementAndGet();
      }
    }
  }

  /** Ends the server's side and reads what the client still sends until it closes its own. */
  private static boolean awaitClientClose(Socket socket, InputStream input) throws IOException {
    socket.shutdownOutput();
    socket.setSoTimeout((int) CLIENT_CLOSE_WAIT.toMillis());
    try {
      while (input.read() >= 0) {
        // discarded: the server has ended this connection
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private void clientClosed() {
    synchronized (closedMonitor) {
      closedByClient++;
      closedMonitor.notifyAll();
    }
  }

  /** The next request, or null at a clean end of stream before one started. */
  private static ReceivedRequest readRequest(InputStream input) throws IOException {
    String requestLine = readLine(input);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ", 3);
    if (parts.length != 3) {
      throw new IOException("bad request line: " + requestLine);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(input); line != null && !line.isEmpty(); line = readLine(input)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        headers.put(name, line.substring(colon + 1).trim());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = input.readNBytes(length);
    return new ReceivedRequest(parts[0], parts[1], Map.copyOf(headers), body);
  }

  private static String readLine(InputStream input) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int next = input.read(); next >= 0; next = input.read()) {
      if (previous == '\r' && next == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(next);
      previous = next;
    }
    return null;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already broken
    }
  }
}
