package dev.ohastreaming.testing;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.ConnectionContext;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.ServerBuilder;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.pattern.Patterns;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * An in-process target server on 127.0.0.1 and a free port, for tests.
 *
 * <ul>
 *   <li>{@code /ok}: 200 with a small JSON body;
 *   <li>{@code /error}: 500;
 *   <li>{@code /slow}: 200 after the configured delay;
 *   <li>every path waits while the server is frozen ({@link #freeze}), as a stalled server would.
 * </ul>
 */
public final class TestTargets extends AllDirectives implements AutoCloseable {

  private static final String BODY = "{\"books\":[{\"id\":1,\"title\":\"A\"},{\"id\":2}]}";

  private final ActorSystem<?> system;
  private final Duration slowDelay;
  private final AtomicLong requests = new AtomicLong();
  private volatile long frozenUntilNanos;
  private ServerBinding binding;

  private TestTargets(ActorSystem<?> system, Duration slowDelay) {
    this.system = system;
    this.slowDelay = slowDelay;
  }

  /** A plain http server whose {@code /slow} answers after {@code slowDelay}. */
  public static TestTargets start(ActorSystem<?> system, Duration slowDelay) throws Exception {
    return start(system, slowDelay, null);
  }

  /** An https server presenting the certificate of {@code tls}. */
  public static TestTargets startHttps(ActorSystem<?> system, SSLContext tls) throws Exception {
    return start(system, Duration.ZERO, tls);
  }

  private static TestTargets start(ActorSystem<?> system, Duration slowDelay, SSLContext tls)
      throws Exception {
    TestTargets targets = new TestTargets(system, slowDelay);
    ServerBuilder builder = Http.get(system).newServerAt("127.0.0.1", 0);
    if (tls != null) {
      builder = builder.enableHttps(ConnectionContext.httpsServer(tls));
    }
    targets.binding =
        builder.bind(targets.routes()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return targets;
  }

  /** {@code http://127.0.0.1:PORT} (or https) followed by {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** The port the server listens on. */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** Requests the server has received. */
  public long requests() {
    return requests.get();
  }

  /** Holds every response, pending or new, until {@code duration} from now has passed. */
  public void freeze(Duration duration) {
    frozenUntilNanos = System.nanoTime() + duration.toNanos();
  }

  private Route routes() {
    return extractRequest(
        request -> {
          requests.incrementAndGet();
          return concat(
              path("ok", () -> answer(Duration.ZERO, 200)),
              path("error", () -> answer(Duration.ZERO, 500)),
              path("slow", () -> answer(slowDelay, 200)));
        });
  }

  private Route answer(Duration delay, int status) {
    long frozenNanos = frozenUntilNanos - System.nanoTime();
    Duration wait = frozenNanos > 0 ? delay.plusNanos(frozenNanos) : delay;
    CompletionStage<Integer> done =
        wait.isZero()
            ? CompletableFuture.completedFuture(status)
            : Patterns.after(
                wait,
                system.classicSystem().scheduler(),
                system.executionContext(),
                () -> CompletableFuture.completedFuture(status));
    return onSuccess(
        done,
        code ->
            complete(
                StatusCodes.get(code), HttpEntities.create(ContentTypes.APPLICATION_JSON, BODY)));
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
