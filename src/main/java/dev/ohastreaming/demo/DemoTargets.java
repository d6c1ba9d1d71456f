package dev.ohastreaming.demo;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.pattern.Patterns;
import akka.util.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Two small sample servers for a first run: the original project's books API, once answering at
 * once ("quick") and once after a short delay ("slower").
 *
 * <p>These are demo targets only, for trying the service on a machine with nothing else installed;
 * they are plain Akka HTTP servers sharing the service's actor system and are not part of the load
 * path. They listen on free ports of 127.0.0.1.
 */
public final class DemoTargets extends AllDirectives {

  /** A started demo server. */
  public record DemoServer(String name, String url, ServerBinding binding) {}

  private static final int BOOK_COUNT = 10;

  private final ByteString books;
  private final List<ByteString> bookById;
  private final Duration delay;
  private final ActorSystem<?> system;

  private DemoTargets(ActorSystem<?> system, Duration delay) {
    this.system = system;
    this.delay = delay;
    List<ByteString> each = new ArrayList<>();
    StringBuilder all = new StringBuilder("[");
    for (int id = 1; id <= BOOK_COUNT; id++) {
      String book =
          String.format(
              "{\"id\":%d,\"title\":\"Book %d\",\"author\":\"Author %d\",\"year\":%d}",
              id, id, id % 4 + 1, 1990 + id);
      each.add(ByteString.fromString(book));
      all.append(id > 1 ? "," : "").append(book);
    }
    this.books = ByteString.fromString(all.append("]").toString());
    this.bookById = List.copyOf(each);
  }

  /**
   * Starts the quick and the slower books API.
   *
   * @param slowerDelay how long the slower one waits before answering
   */
  public static List<DemoServer> start(ActorSystem<?> system, Duration slowerDelay)
      throws Exception {
    return List.of(start(system, "quick", Duration.ZERO), start(system, "slower", slowerDelay));
  }

  private static DemoServer start(ActorSystem<?> system, String name, Duration delay)
      throws Exception {
    DemoTargets server = new DemoTargets(system, delay);
    ServerBinding binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(server.routes())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + binding.localAddress().getPort() + "/api/books";
    return new DemoServer(name, url, binding);
  }

  private Route routes() {
    return pathPrefix(
        "api",
        () ->
            pathPrefix(
                "books",
                () ->
                    concat(
                        pathEnd(() -> get(() -> json(books))),
                        path(PathMatchers.integerSegment(), id -> get(() -> book(id))))));
  }

  private Route book(int id) {
    if (id < 1 || id > BOOK_COUNT) {
      return complete(StatusCodes.NOT_FOUND, "{\"error\":\"not found\"}");
    }
    return json(bookById.get(id - 1));
  }

  private Route json(ByteString body) {
    CompletionStage<ByteString> answer =
        delay.isZero()
            ? CompletableFuture.completedFuture(body)
            : Patterns.after(
                delay,
                system.classicSystem().scheduler(),
                system.executionContext(),
                () -> CompletableFuture.completedFuture(body));
    return onSuccess(
        answer, bytes -> complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, bytes)));
  }
}
