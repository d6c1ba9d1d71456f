package dev.ohastreaming.stream;

import akka.NotUsed;
import akka.stream.javadsl.Flow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport over Netty 4.2: HTTP/1.1 on a small fixed pool of keep-alive connections per
 * materialization, driven by a custom stream stage.
 *
 * <p><b>Protocol.</b> HTTP/1.1 only (plain or TLS, no HTTP/2, no upgrade), one request at a time
 * per connection (no pipelining), no retries and no redirects: a 3xx is an outcome. Response bodies
 * are decoded by Netty's {@code HttpClientCodec} (content-length, chunked and close-delimited) and
 * discarded chunk by chunk as they arrive, never aggregated; the response time ends at the last
 * byte. Informational responses (100 Continue and other 1xx except 101) are skipped while waiting
 * for the final response. A response with {@code Connection: close} (or an HTTP/1.0 response
 * without keep-alive) closes its connection, and that connection's next request opens a fresh one.
 *
 * <p><b>Connections.</b> Each materialization has exactly {@code connections} slots to the one host
 * and port of the template. A slot connects lazily, on its first request, and again whenever its
 * previous connection was closed; an idle slot is taken in rotation, so a closed loop warms every
 * connection. A failed connect is the outcome of the request that caused it, classified by {@link
 * FailureClassifier}; the slot's next request tries a fresh connect, so against a dead target every
 * attempt is counted once and nothing retries in a hidden loop. All connections are closed when the
 * stream completes, fails or is cancelled; requests still in flight at a cancellation produce no
 * outcome.
 *
 * <p><b>Timing and timeouts.</b> {@code sentNanos} is read just before the request is written to
 * its connection, after any connect; for a failed connect it is the instant the connect began. The
 * request timeout runs from that write on the connection's event loop; when it fires, the outcome
 * is {@link FailureKind#TIMEOUT} and the connection is closed, so that a late response can never be
 * taken for the next request's. A connect (including name resolution) is bounded by the same
 * duration through Netty's connect timeout, and a TLS handshake by the request timer.
 *
 * <p><b>Threads.</b> Every materialization of flows from one {@code NettyTransport} shares one
 * event loop group of {@code eventLoopThreads} daemon threads (native epoll when available, else
 * NIO). The group is created when the first such stream starts and shut down when the last one has
 * closed its connections, so an idle transport holds no threads. Name resolution uses the JDK
 * resolver on the event loop, which blocks that loop while a name is looked up; the JDK caches
 * answers, and targets are usually one name.
 *
 * <p><b>Limits.</b> The request (method, target, headers, body) is built once per {@link #flow}
 * call and is the same for every element. TLS uses the JDK provider. A server that answers with 101
 * Switching Protocols ends that connection after the outcome. A request written just as the server
 * closes that idle keep-alive connection fails as {@link FailureKind#CONNECTION_RESET}; it is not
 * retried on a new connection, as a retry would hide the failure from the results.
 */
public final class NettyTransport implements Transport {

  /** The transport's name in results. */
  public static final String NAME = "netty";

  private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

  private final EventLoops eventLoops;

  /** A transport with one event loop thread. */
  public NettyTransport() {
    this(1);
  }

  /**
   * A transport whose streams share {@code eventLoopThreads} event loop threads.
   *
   * @param eventLoopThreads I/O threads, 1 or more; connections are spread over them
   */
  public NettyTransport(int eventLoopThreads) {
    if (eventLoopThreads < 1) {
      throw new IllegalArgumentException(
          "eventLoopThreads must be at least 1: " + eventLoopThreads);
    }
    this.eventLoops = new EventLoops(eventLoopThreads);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Flow<PlannedRequest, Outcome, NotUsed> flow(
      RequestTemplate template, TransportOptions options) {
    Target target = Target.create(template, options);
    return Flow.fromGraph(new NettyRequestStage(target, options.connections(), eventLoops));
  }

  /**
   * Completes once no stream of this transport is running and its event loop threads have
   * terminated; for tests that check that nothing leaks.
   */
  CompletionStage<Void> whenIdle() {
    return eventLoops.whenIdle();
  }

  /** The event loop group shared by this transport's running streams, counted by its users. */
  static final class EventLoops {
    private static final boolean EPOLL = Epoll.isAvailable();

    private final int threads;
    private EventLoopGroup group;
    private int users;
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    private EventLoops(int threads) {
      this.threads = threads;
    }

    /** The socket channel type matching the group's I/O handler. */
    Class<? extends SocketChannel> channelType() {
      return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The group, created if this is its first user; pair every call with {@link #release}. */
    synchronized EventLoopGroup acquire() {
      if (users++ == 0) {
        IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group =
            new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("netty-transport", true), io);
        idle = new CompletableFuture<>();
        LOG.debug("Started [{}] event loop threads, epoll [{}]", threads, EPOLL);
      }
      return group;
    }

    /** Gives the group back; the last user's release shuts it down. */
    synchronized void release() {
      if (--users > 0) {
        return;
      }
      CompletableFuture<Void> terminated = idle;
      group
          .shutdownGracefully(0, 1, TimeUnit.SECONDS)
          .addListener(
              done -> {
                LOG.debug("Event loop threads stopped");
                terminated.complete(null);
              });
      group = null;
    }

    synchronized CompletionStage<Void> whenIdle() {
      return idle;
    }
  }

  /**
   * Everything a connection needs about the target, prepared once per flow: address, TLS context
   * and the request, whose headers and body are shared (read-only) by every send.
   */
  record Target(
      String host,
      int port,
      SslContext sslContext,
      boolean verifyHostname,
      long timeoutNanos,
      HttpMethod method,
      String requestTarget,
      HttpHeaders headers,
      HttpHeaders trailers,
      ByteBuf body,
      boolean requestKeepAlive) {

    static Target create(RequestTemplate template, TransportOptions options) {
      String host = hostWithoutBrackets(template.uri().getHost());
      HttpHeaders headers = requestHeaders(template);
      byte[] bodyBytes = template.body();
      return new Target(
          host,
          template.port(),
          template.secure() ? sslContext(options) : null,
          options.verifyHostname(),
          options.requestTimeout().toNanos(),
          HttpMethod.valueOf(template.method()),
          template.pathAndQuery(),
          headers,
          DefaultHttpHeadersFactory.trailersFactory().newHeaders(),
          Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bodyBytes)),
          !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true));
    }

    /** A new request message for one send; its body is a duplicate of the shared buffer. */
    FullHttpRequest newRequest() {
      ByteBuf content = body.isReadable() ? body.duplicate() : Unpooled.EMPTY_BUFFER;
      return new DefaultFullHttpRequest(
          HttpVersion.HTTP_1_1, method, requestTarget, content, headers, trailers);
    }

    /** A TLS handler for one connection, with SNI and, if asked, host name verification. */
    SslHandler newSslHandler(ByteBufAllocator allocator) {
      SslHandler handler = sslContext.newHandler(allocator, host, port);
      handler.setHandshakeTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
      SSLEngine engine = handler.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
      if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      }
      engine.setSSLParameters(parameters);
      return handler;
    }

    /** The timeout for Netty's connect option, at least 1 ms: there, 0 means no timeout. */
    int timeoutMillis() {
      long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }

    private static HttpHeaders requestHeaders(RequestTemplate template) {
      HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
      for (RequestTemplate.HeaderField field : template.headers()) {
        headers.add(field.name(), field.value());
      }
      if (!headers.contains(HttpHeaderNames.HOST)) {
        headers.set(HttpHeaderNames.HOST, hostHeader(template));
      }
      int bodyLength = template.body().length;
      if (bodyLength > 0) {
        headers.set(HttpHeaderNames.CONTENT_LENGTH, bodyLength);
        if (!headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
          headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        }
      } else {
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
      }
      headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
      return headers;
    }

    private static String hostHeader(RequestTemplate template) {
      int explicitPort = template.uri().getPort();
      int defaultPort = template.secure() ? 443 : 80;
      String host = template.uri().getHost();
      return explicitPort < 0 || explicitPort == defaultPort ? host : host + ":" + explicitPort;
    }

    private static String hostWithoutBrackets(String host) {
      if (host.startsWith("[") && host.endsWith("]")) {
        return host.substring(1, host.length() - 1);
      }
      return host;
    }

    private static SslContext sslContext(TransportOptions options) {
      try {
        return SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .trustManager(options.trustManager())
            .endpointIdentificationAlgorithm(options.verifyHostname() ? "HTTPS" : null)
            .build();
      } catch (SSLException e) {
        throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
      }
    }
  }
}
