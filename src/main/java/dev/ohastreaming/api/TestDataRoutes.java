package dev.ohastreaming.api;

import akka.http.javadsl.marshalling.Marshaller;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import dev.ohastreaming.hub.TestTimelines;
import dev.ohastreaming.load.RunStatus;
import dev.ohastreaming.load.TestSummary;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The routes under {@code /api/test/:id/} that serve a test's data for charts and exports: its time
 * series as JSON or CSV (running or finished) and, once finished, its response time percentile
 * distribution and its results as JSON or CSV.
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
        path(testPath("percentiles"), id -> get(() -> percentiles(id))),
        path(testPath("timeseries.csv"), id -> get(() -> timeSeriesCsv(id))),
        path(testPath("results.csv"), id -> get(() -> resultsCsv(id))),
        path(testPath("results.json"), id -> get(() -> resultsJson(id))));
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

  private Route timeSeriesCsv(String testId) {
    Optional<TestTimelines.Timeline> timeline = timelines.timeline(testId);
    if (timeline.isEmpty()) {
      return unknownTest(testId);
    }
    return csv(CsvExport.timeSeries(timeline.get()));
  }

  private Route percentiles(String testId) {
    return whenFinished(
        testId,
        summary ->
            complete(StatusCodes.OK, DashboardFormat.percentiles(testId, summary.results()), json));
  }

  private Route resultsCsv(String testId) {
    return whenFinished(testId, summary -> csv(CsvExport.results(wireResults(summary))));
  }

  private Route resultsJson(String testId) {
    return whenFinished(
        testId,
        summary ->
            complete(
                StatusCodes.OK,
                new DashboardFormat.ResultList(testId, wireResults(summary)),
                json));
  }

  private static List<WireFormat.Results> wireResults(TestSummary summary) {
    return summary.results().stream().map(WireFormat::results).toList();
  }

  /** {@code route} of a finished test; 404 for an unknown one, 409 while it runs. */
  private Route whenFinished(String testId, Function<TestSummary, Route> route) {
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
          return route.apply(summary.get());
        });
  }

  private Route csv(String text) {
    return complete(
        HttpResponse.create()
            .withEntity(
                HttpEntities.create(
                    ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8), text)));
  }

  private Route unknownTest(String testId) {
    return complete(
        StatusCodes.NOT_FOUND,
        new WireFormat.Error("no test with id '" + testId + "'", "test_id"),
        json);
  }
}
