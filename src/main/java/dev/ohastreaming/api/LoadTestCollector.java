package dev.ohastreaming.api;

import dev.ohastreaming.hub.EventHub;
import dev.ohastreaming.hub.TestTimelines;
import dev.ohastreaming.metrics.TargetProgress;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/**
 * The running tests and the live stream as Prometheus metric families, read from the {@link
 * EventHub} at each scrape.
 *
 * <p>Nothing is kept here. A scrape reads the latest {@code Progress} of every target of every
 * running test from the hub's {@link TestTimelines}, which the hub updates once per reporting
 * interval per target, never per request. A test that finished is no longer running, so its series
 * are gone from the next scrape, and no series goes stale. The labels are {@code test_id}, {@code
 * target} and, on errors, {@code error_type}, so the series are bounded by running tests × targets
 * × error types.
 *
 * <p>Counters count the current phase, as {@code Progress} does: after a warm-up they restart at 0
 * when measurement begins, which Prometheus's {@code rate()} reads as a counter reset. Latency
 * gauges are the last reporting interval's. A target has no series before its first {@code
 * Progress}.
 */
final class LoadTestCollector implements MultiCollector {

  private static final double MILLIS_PER_SECOND = 1000.0;

  private final EventHub hub;

  LoadTestCollector(EventHub hub) {
    this.hub = hub;
  }

  @Override
  public MetricSnapshots collect() {
    List<TestTimelines.Timeline> running = hub.timelines().running();
    TargetFamilies families = new TargetFamilies();
    for (TestTimelines.Timeline test : running) {
      for (TargetProgress progress : test.latestProgress().values()) {
        families.add(Labels.of("test_id", test.testId(), "target", progress.target()), progress);
      }
    }
    return MetricSnapshots.of(
        families.sent.build(),
        families.received.build(),
        families.errors.build(),
        families.p50.build(),
        families.p95.build(),
        families.p99.build(),
        families.inFlight.build(),
        families.backlog.build(),
        serviceGauge("oha_active_tests", "Tests running now", running.size()),
        serviceGauge(
            "oha_websocket_clients", "WebSocket clients connected to /ws now", hub.subscribers()),
        serviceCounter(
            "oha_websocket_dropped_messages",
            "Progress messages dropped for WebSocket clients that fell behind, all summed",
            hub.droppedForSlowSubscribers()),
        serviceCounter(
            "oha_event_hub_dropped_events",
            "Events dropped because the event hub's queue was full",
            hub.droppedEvents()));
  }

  private static GaugeSnapshot serviceGauge(String name, String help, double value) {
    return gaugeFamily(name, help).dataPoint(gauge(Labels.EMPTY, value)).build();
  }

  private static CounterSnapshot serviceCounter(String name, String help, double value) {
    return counterFamily(name, help).dataPoint(counter(Labels.EMPTY, value)).build();
  }

  private static CounterSnapshot.Builder counterFamily(String name, String help) {
    return CounterSnapshot.builder().name(name).help(help);
  }

  private static GaugeSnapshot.Builder gaugeFamily(String name, String help) {
    return GaugeSnapshot.builder().name(name).help(help);
  }

  private static CounterDataPointSnapshot counter(Labels labels, double value) {
    return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  /** The families with one series per target of a running test, filled in one pass. */
  private static final class TargetFamilies {
    private final CounterSnapshot.Builder sent =
        counterFamily("oha_requests_sent", "Requests sent to the target in the current phase");
    private final CounterSnapshot.Builder received =
        counterFamily(
            "oha_responses_received", "Requests answered 2xx or 3xx in the current phase");
    private final CounterSnapshot.Builder errors =
        counterFamily(
            "oha_errors",
            "Requests failed in the current phase, by error type (HTTP_500, Timeout, ...)");
    private final GaugeSnapshot.Builder p50 = latency("p50", "Median");
    private final GaugeSnapshot.Builder p95 = latency("p95", "95th percentile");
    private final GaugeSnapshot.Builder p99 = latency("p99", "99th percentile");
    private final GaugeSnapshot.Builder inFlight =
        gaugeFamily(
            "oha_in_flight_requests",
            "Requests sent and not yet finished at the end of the last reporting interval");
    private final GaugeSnapshot.Builder backlog =
        gaugeFamily(
            "oha_backlog_requests",
            "Requests due by the schedule but not yet sent (0 in the closed model)");

    void add(Labels target, TargetProgress progress) {
      sent.dataPoint(counter(target, progress.requestsSent()));
      received.dataPoint(counter(target, progress.responsesReceived()));
      progress
          .errorTypes()
          .forEach(
              (type, count) -> errors.dataPoint(counter(target.add("error_type", type), count)));
      p50.dataPoint(gauge(target, progress.interval().p50Millis() / MILLIS_PER_SECOND));
      p95.dataPoint(gauge(target, progress.interval().p95Millis() / MILLIS_PER_SECOND));
      p99.dataPoint(gauge(target, progress.interval().p99Millis() / MILLIS_PER_SECOND));
      inFlight.dataPoint(gauge(target, progress.inFlight()));
      backlog.dataPoint(gauge(target, progress.backlog()));
    }

    private static GaugeSnapshot.Builder latency(String quantile, String which) {
      return gaugeFamily(
              "oha_response_time_" + quantile + "_seconds",
              which + " response time (planned send to last byte) of the last reporting interval")
          .unit(Unit.SECONDS);
    }
  }
}
