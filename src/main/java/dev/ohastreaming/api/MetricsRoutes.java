package dev.ohastreaming.api;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import dev.ohastreaming.hub.EventHub;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /metrics}: the running tests ({@link LoadTestCollector}) and the service's JVM in the
 * Prometheus text format (version 0.0.4), written by the official Prometheus client.
 *
 * <p>The registry is this service's own, not the client's global default, so two services in one
 * JVM (as in tests) do not mix their figures. A read route: with {@code oha.auth.protect-reads} it
 * needs the token like the other reads, which a Prometheus scrape job sets as {@code authorization:
 * {credentials: ...}}.
 */
final class MetricsRoutes extends AllDirectives {

  private static final ContentType TEXT_FORMAT =
      ContentTypes.parse(PrometheusTextFormatWriter.CONTENT_TYPE);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final AccessControl access;

  MetricsRoutes(EventHub hub, AccessControl access) {
    this.access = access;
    registry.register(new LoadTestCollector(hub));
    JvmMetrics.builder().register(registry);
  }

  /** The route. */
  Route routes() {
    return path("metrics", () -> get(() -> access.read(this::scrape)));
  }

  private Route scrape() {
    ByteArrayOutputStream text = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(text, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return complete(
        HttpResponse.create().withEntity(HttpEntities.create(TEXT_FORMAT, text.toByteArray())));
  }
}
