package dev.ohastreaming.api;

import akka.http.javadsl.marshalling.Marshaller;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import dev.ohastreaming.hub.TestTimelines;
import dev.ohastreaming.load.RunStatus;
import dev.ohastreaming.load.TestSummary;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The routes under {@code /api/test/:id/} that serve a test's data for charts: its time series
 * (running or finished) and, once finished, its response time percentile distribution.
 */
final class TestDataRoutes extends AllDirectives {

  private final TestTimelines timelines;
  private final Function<String, CompletionStage<Optional<TestSummary>>> lookup;
  private final Marshaller<Object, RequestEntity> json = JsonSupport.marshaller();

  /**
   * @param lookup asks for a test's summary by id
   */
  TestDataRoutes(
      TestTimelines timelines, Function<String, CompletionStage<Optional<TestSummary>>> lookup) {
    this.timelines = timelines;
    this.lookup = lookup;
  }

  /** The routes, relative to {@code /api}. */
  Route routes() {
    return concat(
        path(testPath("timeseries"), id -> get(() -> timeSeries(id))),
        path(testPath("percentiles"), id -> get(() -> percentiles(id))));
  }

  private static akka.http.javadsl.server.PathMatcher1<String> testPath(String leaf) {
    return PathMatchers.segment("test").slash(PathMatchers.segment()).slash(leaf);
  }

  private Route timeSeries(String testId) {
    Optional<TestTimelines.Timeline> timeline = timelines.timeline(testId);
    if (timeline.isEmpty()) {
      return unknownTest(testId);
    }
    return complete(StatusCodes.OK, DashboardFormat.timeSeries(timeline.get()), json);
  }

  private Route percentiles(String testId) {
    return onSuccess(
        lookup.apply(testId),
        summary -> {
          if (summary.isEmpty()) {
            return unknownTest(testId);
          }
          if (summary.get().status() == RunStatus.RUNNING) {
            return complete(
                StatusCodes.CONFLICT,
                new WireFormat.Error("the test is still running", "test_id"),
                json);
          }
          return complete(
              StatusCodes.OK, DashboardFormat.percentiles(testId, summary.get().results()), json);
        });
  }

  private Route unknownTest(String testId) {
    return complete(
        StatusCodes.NOT_FOUND,
        new WireFormat.Error("no test with id '" + testId + "'", "test_id"),
        json);
  }
}
