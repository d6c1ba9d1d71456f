package dev.ohastreaming.api;

import akka.http.javadsl.marshalling.Marshaller;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import dev.ohastreaming.store.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The routes of kept test data: {@code GET /api/test/:id/:target.hlog} answers the target's
 * interval histogram log ({@code text/plain}, HdrHistogram's log format, readable with its {@code
 * HistogramLogReader}), written as the test runs, so it can be fetched during the run too.
 *
 * <p>404 with a JSON error when the service keeps no data directory, or the test or target has no
 * log. Names are checked against the id and target-name patterns before any file is touched.
 */
final class StoreRoutes extends AllDirectives {

  private static final Pattern HLOG = Pattern.compile("(.+)\\.hlog");

  private final Optional<TestStore> store;
  private final AccessControl access;
  private final Marshaller<Object, RequestEntity> json = JsonSupport.marshaller();

  StoreRoutes(Optional<TestStore> store, AccessControl access) {
    this.store = store;
    this.access = access;
  }

  /** The route tree, to be tried before the other {@code /api} routes. */
  Route routes() {
    return path(
        PathMatchers.segment("api")
            .slash("test")
            .slash(PathMatchers.segment())
            .slash(PathMatchers.segment(HLOG)),
        (testId, target) -> get(() -> access.read(() -> intervalLog(testId, target))));
  }

  private Route intervalLog(String testId, String target) {
    Optional<Path> file =
        store.flatMap(s -> s.intervalLog(testId, target)).filter(Files::isRegularFile);
    if (file.isEmpty()) {
      return complete(
          StatusCodes.NOT_FOUND,
          new WireFormat.Error(
              "no interval log for target '" + target + "' of test '" + testId + "'", "target"),
          json);
    }
    return getFromFile(file.get().toFile(), ContentTypes.TEXT_PLAIN_UTF8);
  }
}
