package dev.ohastreaming.stream;

import akka.NotUsed;
import akka.actor.ActorSystem;
import akka.http.javadsl.ConnectHttp;
import akka.http.javadsl.ConnectionContext;
import akka.http.javadsl.Http;
import akka.http.javadsl.HttpsConnectionContext;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.settings.ClientConnectionSettings;
import akka.http.javadsl.settings.ConnectionPoolSettings;
import akka.japi.Pair;
import akka.stream.Materializer;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import scala.Tuple2;
import scala.concurrent.duration.FiniteDuration;
import scala.util.Try;

/**
 * A transport over a dedicated Akka HTTP host connection pool per target run.
 *
 * <p>The pool has exactly {@code connections} connections, no pipelining and no retries (a load
 * tester must count a failure, not hide it behind a retry). Akka HTTP has no per-request timeout,
 * so the request timeout is the connection's idle timeout: a connection on which no byte moves for
 * that long is closed and its request fails as {@link FailureKind#TIMEOUT}. A server that trickles
 * a byte at a time therefore escapes the timeout.
 *
 * <p>The send instant is taken when the pool accepts the request; the pool may hold it briefly in
 * its own queue before a connection writes it, so service time includes that wait.
 */
public final class AkkaHttpTransport implements Transport {

  /** The transport's name in results. */
  public static final String NAME = "akka-http";

  private record InFlight(PlannedRequest request, long sentNanos) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Flow<PlannedRequest, Outcome, NotUsed> flow(
      RequestTemplate template, TransportOptions options) {
    return Flow.<PlannedRequest, Outcome, NotUsed>fromMaterializer(
            (materializer, attributes) -> poolFlow(materializer, template, options))
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
  }

  private static Flow<PlannedRequest, Outcome, NotUsed> poolFlow(
      Materializer materializer, RequestTemplate template, TransportOptions options) {
    HttpRequest request = toAkkaRequest(template);
    return Flow.<PlannedRequest>create()
        .map(planned -> Pair.create(request, new InFlight(planned, System.nanoTime())))
        .viaMat(hostPool(materializer, template, options), Keep.right())
        .mapAsyncUnordered(options.connections(), answer -> complete(answer, materializer))
        .watchTermination(
            (shutdownPool, done) -> {
              done.whenComplete((ok, error) -> shutdownPool.run());
              return NotUsed.getInstance();
            });
  }

  /**
   * A dedicated pool to the target, materializing to the action that shuts it down.
   *
   * <p>The Java DSL's {@code newHostConnectionPool(ConnectHttp, ...)} of Akka HTTP 10.2.10 opens an
   * https pool for every {@link ConnectHttp}, even a plain {@code toHost} one, so a plain http
   * target would get a TLS handshake; plain pools therefore go through the Scala DSL, whose request
   * and response types are the Java DSL's implementations.
   */
  @SuppressWarnings("unchecked")
  private static Flow<Pair<HttpRequest, InFlight>, Pair<Try<HttpResponse>, InFlight>, Runnable>
      hostPool(Materializer materializer, RequestTemplate template, TransportOptions options) {
    ActorSystem system = materializer.system();
    ConnectionPoolSettings settings = poolSettings(system, options);
    if (template.secure()) {
      return Http.get(system)
          .<InFlight>newHostConnectionPool(
              connectTo(template, options), settings, system.log(), materializer)
          .mapMaterializedValue(pool -> pool::shutdown);
    }
    akka.stream.scaladsl.Flow<
            Tuple2<akka.http.scaladsl.model.HttpRequest, InFlight>,
            Tuple2<Try<akka.http.scaladsl.model.HttpResponse>, InFlight>,
            akka.http.scaladsl.Http.HostConnectionPool>
        plain =
            ((akka.http.scaladsl.HttpExt) akka.http.scaladsl.Http.get(system))
                .newHostConnectionPool(
                    template.uri().getHost(),
                    template.port(),
                    (akka.http.scaladsl.settings.ConnectionPoolSettings) settings,
                    system.log(),
                    materializer);
    return Flow.<Pair<HttpRequest, InFlight>>create()
        .map(
            pair ->
                Tuple2.apply((akka.http.scaladsl.model.HttpRequest) pair.first(), pair.second()))
        .viaMat(plain, Keep.right())
        .map(answer -> Pair.create((Try<HttpResponse>) (Try<?>) answer._1(), answer._2()))
        .mapMaterializedValue(pool -> pool::shutdown);
  }

  /** Reads the response body to its end, then reports the outcome. */
  private static CompletionStage<Outcome> complete(
      Pair<Try<HttpResponse>, InFlight> answer, Materializer materializer) {
    InFlight inFlight = answer.second();
    Try<HttpResponse> result = answer.first();
    if (result.isFailure()) {
      return CompletableFuture.completedFuture(failed(inFlight, result.failed().get()));
    }
    HttpResponse response = result.get();
    int status = response.status().intValue();
    if (response.entity().isStrict()) {
      return CompletableFuture.completedFuture(
          Outcome.response(inFlight.request(), inFlight.sentNanos(), System.nanoTime(), status));
    }
    return response
        .entity()
        .discardBytes(materializer)
        .completionStage()
        .handle(
            (done, error) ->
                error == null
                    ? Outcome.response(
                        inFlight.request(), inFlight.sentNanos(), System.nanoTime(), status)
                    : failed(inFlight, error));
  }

  private static Outcome failed(InFlight inFlight, Throwable error) {
    return Outcome.failed(
        inFlight.request(),
        inFlight.sentNanos(),
        System.nanoTime(),
        FailureClassifier.classify(error));
  }

  private static ConnectHttp connectTo(RequestTemplate template, TransportOptions options) {
    return ConnectHttp.toHostHttps(template.uri().getHost(), template.port())
        .withCustomHttpsContext(httpsContext(options));
  }

  private static HttpsConnectionContext httpsContext(TransportOptions options) {
    SSLContext context = TlsTrust.clientContext(options.trustManager());
    return ConnectionContext.httpsClient(
        (host, port) -> {
          SSLEngine engine = context.createSSLEngine(host, port);
          engine.setUseClientMode(true);
          if (options.verifyHostname()) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
          }
          return engine;
        });
  }

  private static ConnectionPoolSettings poolSettings(ActorSystem system, TransportOptions options) {
    FiniteDuration timeout =
        FiniteDuration.apply(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    ClientConnectionSettings connection =
        ClientConnectionSettings.create(system)
            .withIdleTimeout(timeout)
            .withConnectingTimeout(timeout)
            .withUserAgentHeader(Optional.empty());
    return ConnectionPoolSettings.create(system)
        .withMaxConnections(options.connections())
        .withMinConnections(0)
        .withMaxOpenRequests(nextPowerOfTwo(options.connections()))
        .withPipeliningLimit(1)
        .withMaxRetries(0)
        .withBaseConnectionBackoff(FiniteDuration.apply(5, TimeUnit.MILLISECONDS))
        .withMaxConnectionBackoff(FiniteDuration.apply(200, TimeUnit.MILLISECONDS))
        .withConnectionSettings(connection);
  }

  private static int nextPowerOfTwo(int value) {
    int power = Integer.highestOneBit(value);
    return power == value ? value : power << 1;
  }

  private static HttpRequest toAkkaRequest(RequestTemplate template) {
    List<HttpHeader> headers = new ArrayList<>();
    ContentType contentType = ContentTypes.APPLICATION_OCTET_STREAM;
    for (RequestTemplate.HeaderField field : template.headers()) {
      if (field.name().toLowerCase(Locale.ROOT).equals("content-type")) {
        contentType = ContentTypes.parse(field.value());
      } else {
        headers.add(RawHeader.create(field.name(), field.value()));
      }
    }
    HttpRequest request =
        HttpRequest.create(template.pathAndQuery())
            .withMethod(HttpMethods.lookup(template.method()).orElseThrow())
            .addHeaders(headers);
    if (template.body().length > 0) {
      request = request.withEntity(contentType, template.body());
    }
    return request;
  }
}
