package dev.ohastreaming.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.ohastreaming.stream.FailureKind;
import dev.ohastreaming.stream.Outcome;
import dev.ohastreaming.stream.PlannedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MetricsActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long SECOND = 1_000_000_000L;
  private static final long MILLI = 1_000_000L;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static MetricsActor.Setup setup(List<String> names, long plannedPerTarget) {
    return new MetricsActor.Setup(
        "t-1",
        names.stream()
            .map(
                n ->
                    new MetricsActor.TargetSetup(
                        n,
                        "http://127.0.0.1/" + n,
                        OptionalDouble.of(100),
                        OptionalLong.of(plannedPerTarget)))
            .toList(),
        4,
        0,
        0,
        10 * SECOND,
        Duration.ofMillis(5),
        0.9);
  }

  /** An interval of {@code count} successes with response times 1..count ms. */
  private static IntervalSummary interval(int count, int failures) {
    OutcomeRecorder recorder = new OutcomeRecorder();
    for (int i = 1; i <= count + failures; i++) {
      PlannedRequest request = new PlannedRequest(i, 0, false);
      recorder.emitted(request);
      recorder.record(
          i <= count
              ? Outcome.response(request, 0, i * MILLI, 200)
              : Outcome.failed(request, 0, i * MILLI, FailureKind.CONNECTION_REFUSED));
    }
    return recorder.takeMeasuredInterval();
  }

  @Test
  void foldsIntervalsIntoProgressAndFinalResults() throws Exception {
    LinkedBlockingQueue<RunEvent> published = new LinkedBlockingQueue<>();
    TestProbe<MetricsActor.Report> reports = testKit.createTestProbe(MetricsActor.Report.class);
    ActorRef<MetricsActor.Command> metrics =
        testKit.spawn(
            MetricsActor.create(
                setup(List.of("a"), 200),
                () -> 0.2,
                published::add,
                reports.ref(),
                IntervalListener.NONE));

    metrics.tell(
        new MetricsActor.RecordInterval("a", IntervalSummary.empty(), interval(100, 0), 0, SECOND));
    metrics.tell(
        new MetricsActor.RecordInterval(
            "a", IntervalSummary.empty(), interval(90, 10), 0, 2 * SECOND));
    metrics.tell(
        new MetricsActor.RecordInterval(
            "a", IntervalSummary.empty(), interval(5, 0), 0, 2 * SECOND + 50 * MILLI));
    metrics.tell(new MetricsActor.TargetFinished("a", 2 * SECOND, false, Optional.empty()));

    RunEvent.ProgressUpdated first =
        assertInstanceOf(RunEvent.ProgressUpdated.class, published.poll(5, TimeUnit.SECONDS));
    assertEquals(100, first.progress().requestsSent());
    assertEquals(100, first.progress().responsesReceived());
    assertEquals(100.0, first.progress().currentRps(), 1e-9);
    assertEquals(10.0, first.progress().progressPercent(), 1e-9);
    assertEquals(50.0, first.progress().interval().p50Millis(), 0.05);
    RunEvent.ProgressUpdated second =
        assertInstanceOf(RunEvent.ProgressUpdated.class, published.poll(5, TimeUnit.SECONDS));
    assertEquals(200, second.progress().requestsSent());
    assertEquals(190, second.progress().responsesReceived());
    assertEquals(10, second.progress().errors());
    assertEquals(0, second.progress().inFlight());
    RunEvent.ProgressUpdated last =
        assertInstanceOf(RunEvent.ProgressUpdated.class, published.poll(5, TimeUnit.SECONDS));
    assertEquals(105 / 1.05, last.progress().currentRps(), 1e-6, "a 50 ms sliver, not 100/s");

    RunEvent.TargetCompleted completed =
        assertInstanceOf(RunEvent.TargetCompleted.class, published.poll(5, TimeUnit.SECONDS));
    TargetResults results = completed.results();
    assertEquals(205, results.totalRequests());
    assertEquals(195, results.successfulRequests());
    assertEquals(10, results.failedRequests());
    assertEquals(Map.of("ConnectionRefused", 10L), results.errorTypes());
    assertEquals(102.5, results.requestsPerSecond(), 1e-6);
    assertEquals(100.0, results.responseTime().maxMillis(), 0.1);
    assertEquals(1.0, results.responseTime().minMillis(), 0.01);
    assertEquals(0, results.unsentRequests());
    assertFalse(results.generator().behind());

    for (int interval = 0; interval < 3; interval++) {
      reports.expectMessageClass(MetricsActor.ProgressReported.class);
    }
    MetricsActor.TestMeasured measured =
        reports.expectMessageClass(MetricsActor.TestMeasured.class);
    assertEquals(List.of(results), measured.results());
    reports.expectTerminated(metrics, Duration.ofSeconds(3));
  }

  @Test
  void completesOnlyWhenEveryTargetHasFinished() throws Exception {
    LinkedBlockingQueue<RunEvent> published = new LinkedBlockingQueue<>();
    TestProbe<MetricsActor.Report> reports = testKit.createTestProbe(MetricsActor.Report.class);
    ActorRef<MetricsActor.Command> metrics =
        testKit.spawn(
            MetricsActor.create(
                setup(List.of("a", "b"), 100),
                () -> 0.2,
                published::add,
                reports.ref(),
                IntervalListener.NONE));

    metrics.tell(
        new MetricsActor.RecordInterval("a", IntervalSummary.empty(), interval(100, 0), 0, SECOND));
    metrics.tell(new MetricsActor.TargetFinished("a", SECOND, false, Optional.empty()));
    reports.expectMessageClass(MetricsActor.ProgressReported.class);
    reports.expectNoMessage(Duration.ofMillis(200));

    metrics.tell(
        new MetricsActor.RecordInterval("b", IntervalSummary.empty(), interval(40, 0), 0, SECOND));
    metrics.tell(new MetricsActor.TargetFinished("b", SECOND, false, Optional.empty()));

    reports.expectMessageClass(MetricsActor.ProgressReported.class);
    MetricsActor.TestMeasured measured =
        reports.expectMessageClass(MetricsActor.TestMeasured.class);
    assertEquals(
        List.of("a", "b"), measured.results().stream().map(TargetResults::target).toList());
    TargetResults b = measured.results().get(1);
    assertEquals(60, b.unsentRequests());
    assertTrue(b.generator().behind(), "60 planned requests never went out");
  }

  @Test
  void highSendLagMakesTheVerdictSayTheGeneratorFellBehind() throws Exception {
    OutcomeRecorder recorder = new OutcomeRecorder();
    for (int i = 0; i < 100; i++) {
      PlannedRequest request = new PlannedRequest(i, 0, false);
      recorder.emitted(request);
      recorder.record(Outcome.response(request, 20 * MILLI, 21 * MILLI, 200));
    }
    TestProbe<MetricsActor.Report> reports = testKit.createTestProbe(MetricsActor.Report.class);
    ActorRef<MetricsActor.Command> metrics =
        testKit.spawn(
            MetricsActor.create(
                setup(List.of("a"), 100),
                () -> 0.95,
                event -> {},
                reports.ref(),
                IntervalListener.NONE));

    metrics.tell(
        new MetricsActor.RecordInterval(
            "a", IntervalSummary.empty(), recorder.takeMeasuredInterval(), 0, SECOND));
    metrics.tell(new MetricsActor.TargetFinished("a", SECOND, false, Optional.empty()));

    reports.expectMessageClass(MetricsActor.ProgressReported.class);
    TargetResults results =
        reports.expectMessageClass(MetricsActor.TestMeasured.class).results().get(0);
    assertTrue(results.generator().behind());
    assertEquals("generator_behind", results.generator().verdict());
    assertEquals(20.0, results.sendLag().p99Millis(), 0.05);
    assertTrue(
        results.generator().reasons().stream().anyMatch(r -> r.contains("95% of the")),
        results.generator().reasons().toString());
    assertEquals(0.95, results.generator().peakProcessCpuLoad(), 1e-9);
    assertEquals(21.0, results.responseTime().p50Millis(), 0.05);
    assertEquals(1.0, results.serviceTime().p50Millis(), 0.01);
  }
}
