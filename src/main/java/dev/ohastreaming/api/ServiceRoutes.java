package dev.ohastreaming.api;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import akka.http.javadsl.marshalling.Marshaller;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.pattern.AskTimeoutException;
import akka.util.ByteString;
import dev.ohastreaming.hub.TestTimelines;
import dev.ohastreaming.load.TestPlan;
import dev.ohastreaming.load.TestSummary;
import dev.ohastreaming.load.TestSupervisor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP route of the service: the original's REST API, the WebSocket stream and this service's
 * additions, with CORS for any origin.
 *
 * <p>Errors are JSON everywhere: {@code {"error": "...", "field": "..."}} with a 4xx for anything
 * the client can fix, never a stack trace. The routes only translate; tests are run by the {@link
 * TestSupervisor}, asked through private helpers.
 */
public final class ServiceRoutes extends AllDirectives {

  private static final Logger log = LoggerFactory.getLogger(ServiceRoutes.class);
  private static final String SERVICE = "oha-streaming-service";
  private static final List<HttpHeader> CORS =
      List.of(
          RawHeader.create("Access-Control-Allow-Origin", "*"),
          RawHeader.create("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
          RawHeader.create("Access-Control-Allow-Headers", "*"),
          RawHeader.create("Access-Control-Max-Age", "86400"));

  private final ActorRef<TestSupervisor.Command> supervisor;
  private final Scheduler scheduler;
  private final Duration askTimeout;
  private final StartRequestParser parser;
  private final LiveEvents liveEvents;
  private final TestDataRoutes testData;
  private final DashboardRoutes dashboard = new DashboardRoutes();
  private final ApiDocsRoutes docs = new ApiDocsRoutes();
  private final String version;
  private final AccessControl access;
  private final StoreRoutes store;
  private final MetricsRoutes metrics;
  private final Marshaller<Object, RequestEntity> json = JsonSupport.marshaller();

  ServiceRoutes(
      ActorRef<TestSupervisor.Command> supervisor,
      Scheduler scheduler,
      Duration askTimeout,
      StartRequestParser parser,
      LiveEvents liveEvents,
      TestTimelines timelines,
      String version,
      AccessControl access,
      StoreRoutes store,
      MetricsRoutes metrics) {
    this.supervisor = supervisor;
    this.scheduler = scheduler;
    this.askTimeout = askTimeout;
    this.parser = parser;
    this.liveEvents = liveEvents;
    this.testData = new TestDataRoutes(timelines, this::askTest);
    this.version = version;
    this.access = access;
    this.store = store;
    this.metrics = metrics;
  }

  /** The whole route tree. */
  public Route routes() {
    return respondWithHeaders(
        CORS,
        () ->
            concat(
                options(() -> complete(StatusCodes.NO_CONTENT)),
                handleExceptions(
                    exceptionHandler(),
                    () -> handleRejections(rejectionHandler(), this::resources))));
  }

  private Route resources() {
    return concat(
        dashboard.routes(),
        pathEndOrSingleSlash(() -> get(this::serviceInfo)),
        path("health", () -> get(this::health)),
        path("ws", () -> access.read(this::webSocket)),
        store.routes(),
        metrics.routes(),
        docs.routes(),
        pathPrefix("api", this::api));
  }

  private Route api() {
    return concat(
        path(
            PathMatchers.segment("test").slash("start"),
            () ->
                post(
                    () ->
                        access.write(
                            () -> entity(Unmarshaller.entityToString(), this::startTest)))),
        path(
            PathMatchers.segment("test").slash("status").slash(PathMatchers.segment()),
            id -> get(() -> access.read(() -> status(id)))),
        path(
            PathMatchers.segment("test").slash("stop").slash(PathMatchers.segment()),
            id -> post(() -> access.write(() -> stopTest(id)))),
        path("tests", () -> get(() -> access.read(this::listTests))),
        access.read(testData::routes));
  }

  private Route serviceInfo() {
    return complete(
        StatusCodes.OK,
        Map.of(
            "service",
            SERVICE,
            "version",
            version,
            "description",
            "Races HTTP servers under the same load and streams the results live",
            "endpoints",
            List.of(
                "GET /",
                "GET /health",
                "POST /api/test/start",
                "GET /api/test/status/:test_id",
                "POST /api/test/stop/:test_id",
                "GET /api/tests",
                "GET /api/test/:test_id/timeseries",
                "GET /api/test/:test_id/percentiles",
                "GET /api/test/:test_id/timeseries.csv",
                "GET /api/test/:test_id/results.json",
                "GET /api/test/:test_id/results.csv",
                "GET /api/test/:test_id/:target.hlog",
                "GET /ws[?test_id=...]",
                "GET /dashboard/",
                "GET /metrics",
                "GET /openapi.json",
                "GET /docs")),
        json);
  }

  private Route health() {
    return complete(
        StatusCodes.OK,
        new WireFormat.Health("healthy", Instant.now().toString(), SERVICE, version),
        json);
  }

  private Route webSocket() {
    return get(
        () ->
            parameterOptional(
                "test_id",
                testId ->
                    parameterOptional(
                        "snapshot",
                        snapshot ->
                            handleWebSocketMessages(
                                liveEvents.flow(testId, !snapshot.equals(Optional.of("false")))))));
  }

  private Route startTest(String body) {
    TestPlan plan = parser.parse(body);
    return onSuccess(
        askStart(plan),
        result -> {
          if (result instanceof TestSupervisor.Started started) {
            return complete(
                StatusCodes.OK,
                new WireFormat.StartAccepted(
                    started.testId(),
                    "Load test started successfully",
                    started.startedAt().toString()),
                json);
          }
          TestSupervisor.Rejected rejected = (TestSupervisor.Rejected) result;
          return error(StatusCodes.TOO_MANY_REQUESTS, rejected.reason(), rejected.limit());
        });
  }

  private Route status(String testId) {
    return onSuccess(
        askTest(testId),
        summary ->
            summary.isPresent()
                ? complete(StatusCodes.OK, WireFormat.status(summary.get()), json)
                : unknownTest(testId));
  }

  private Route stopTest(String testId) {
    return onSuccess(
        askStop(testId),
        result ->
            switch (result) {
              case STOPPING ->
                  complete(
                      StatusCodes.OK,
                      new WireFormat.StopAccepted("Test stopped successfully", testId),
                      json);
              case ALREADY_FINISHED ->
                  complete(
                      StatusCodes.OK,
                      new WireFormat.StopAccepted("Test had already finished", testId),
                      json);
              case UNKNOWN -> unknownTest(testId);
            });
  }

  private Route listTests() {
    return onSuccess(
        askList(),
        summaries ->
            complete(
                StatusCodes.OK,
                new WireFormat.TestList(summaries.stream().map(WireFormat::listing).toList()),
                json));
  }

  private Route unknownTest(String testId) {
    return error(StatusCodes.NOT_FOUND, "no test with id '" + testId + "'", "test_id");
  }

  private Route error(StatusCode status, String message, String field) {
    return complete(status, new WireFormat.Error(message, field), json);
  }

  private CompletionStage<TestSupervisor.StartResult> askStart(TestPlan plan) {
    return AskPattern.ask(
        supervisor, replyTo -> new TestSupervisor.StartTest(plan, replyTo), askTimeout, scheduler);
  }

  private CompletionStage<Optional<TestSummary>> askTest(String testId) {
    return AskPattern.ask(
        supervisor, replyTo -> new TestSupervisor.GetTest(testId, replyTo), askTimeout, scheduler);
  }

  private CompletionStage<TestSupervisor.StopResult> askStop(String testId) {
    return AskPattern.ask(
        supervisor, replyTo -> new TestSupervisor.StopTest(testId, replyTo), askTimeout, scheduler);
  }

  private CompletionStage<List<TestSummary>> askList() {
    return AskPattern.ask(supervisor, TestSupervisor.ListTests::new, askTimeout, scheduler);
  }

  private ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .match(
            InvalidRequestException.class,
            e -> error(StatusCodes.BAD_REQUEST, e.getMessage(), e.field()))
        .match(CompletionException.class, e -> handleCause(e.getCause()))
        .match(AskTimeoutException.class, e -> busy())
        .match(
            EntityStreamSizeException.class,
            e -> error(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is too large", null))
        .matchAny(this::handleCause)
        .build();
  }

  private Route handleCause(Throwable cause) {
    if (cause instanceof InvalidRequestException invalid) {
      return error(StatusCodes.BAD_REQUEST, invalid.getMessage(), invalid.field());
    }
    if (cause instanceof AskTimeoutException) {
      return busy();
    }
    if (cause instanceof EntityStreamSizeException) {
      return error(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is too large", null);
    }
    log.error("Request failed unexpectedly", cause);
    return error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error", null);
  }

  private Route busy() {
    return error(StatusCodes.SERVICE_UNAVAILABLE, "the service is busy, try again", null);
  }

  /** Akka HTTP's own rejection answers, with their text turned into the JSON error shape. */
  private static RejectionHandler rejectionHandler() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(ServiceRoutes::asJsonError);
  }

  private static HttpResponse asJsonError(HttpResponse response) {
    if (!(response.entity() instanceof akka.http.javadsl.model.HttpEntity.Strict strict)) {
      return response;
    }
    String text = strict.getData().utf8String();
    String body = JsonSupport.write(new WireFormat.Error(text, null));
    return response.withEntity(
        HttpEntities.create(
            akka.http.javadsl.model.ContentTypes.APPLICATION_JSON, ByteString.fromString(body)));
  }
}
