package dev.ohastreaming.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.Materializer;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RequestSourceTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Materializer materializer = Materializer.matFromSystem(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void overdueRequestsGoOutAtOnceCarryingTheirPlannedInstants() throws Exception {
    // The clock says 1 s has passed since the start: 100 requests at 100/s are overdue.
    AtomicLong clock = new AtomicLong(1_000_000_000L + 1);
    AtomicLong emitted = new AtomicLong();
    RequestSource source =
        RequestSource.open(
            ArrivalSchedule.constant(100, Duration.ofSeconds(2)),
            Duration.ZERO,
            0,
            Duration.ZERO,
            0,
            clock::get,
            request -> emitted.incrementAndGet());

    List<PlannedRequest> burst =
        Source.fromGraph(source)
            .take(101)
            .completionTimeout(Duration.ofSeconds(5))
            .runWith(Sink.seq(), materializer)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertEquals(101, burst.size());
    assertEquals(101, emitted.get());
    for (int i = 0; i < burst.size(); i++) {
      assertEquals(i, burst.get(i).index());
      assertEquals(i * 10_000_000L, burst.get(i).plannedNanos());
    }
  }

  @Test
  void sourceWaitsForDueTimeAndEndsOnTimeEvenWithRequestsLeft() throws Exception {
    long start = System.nanoTime() + 50_000_000L;
    RequestSource source =
        RequestSource.open(
            ArrivalSchedule.constant(50, Duration.ofMillis(400)),
            Duration.ZERO,
            start,
            Duration.ZERO,
            0,
            System::nanoTime,
            request -> {});

    List<Long> lagNanos =
        Source.fromGraph(source)
            .map(request -> System.nanoTime() - request.plannedNanos())
            .completionTimeout(Duration.ofSeconds(5))
            .runWith(Sink.seq(), materializer)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertEquals(20, lagNanos.size());
    for (long lag : lagNanos) {
      assertTrue(lag >= 0, "never sent before its planned instant");
      assertTrue(lag < 200_000_000L, "lag " + lag + " ns");
    }
  }

  @Test
  void openSourceCompletesAtTheScheduleEndWhenDownstreamIsStuck() throws Exception {
    // A downstream that takes 10 s per element cannot keep up; the source still completes
    // when the schedule's 300 ms are over, leaving the rest unsent.
    long start = System.nanoTime();
    AtomicLong emitted = new AtomicLong();
    RequestSource source =
        RequestSource.open(
            ArrivalSchedule.constant(1000, Duration.ofMillis(300)),
            Duration.ZERO,
            start,
            Duration.ZERO,
            0,
            System::nanoTime,
            request -> emitted.incrementAndGet());

    Source.fromGraph(source)
        .mapAsync(
            1,
            request ->
                akka.pattern.Patterns.after(
                    Duration.ofMillis(100),
                    testKit.system().classicSystem().scheduler(),
                    testKit.system().executionContext(),
                    () -> java.util.concurrent.CompletableFuture.completedFuture(request)))
        .completionTimeout(Duration.ofSeconds(5))
        .runWith(Sink.ignore(), materializer)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);

    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(emitted.get() < 20, "emitted " + emitted.get());
    assertTrue(elapsedMillis < 1500, "took " + elapsedMillis + " ms");
  }

  private static List<PlannedRequest> firstRequests(long clockNanos, int count) throws Exception {
    RequestSource source =
        RequestSource.open(
            ArrivalSchedule.constant(10, Duration.ofSeconds(2)),
            Duration.ZERO,
            0,
            Duration.ofSeconds(1),
            0,
            () -> clockNanos,
            request -> {});
    return Source.fromGraph(source)
        .take(count)
        .runWith(Sink.seq(), materializer)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void warmupRequestsAreMarkedAndMeasuredOnesAreNot() throws Exception {
    List<PlannedRequest> duringWarmup = firstRequests(950_000_000L, 10);
    List<PlannedRequest> afterWarmup = firstRequests(1_999_000_000L, 10);

    assertTrue(duringWarmup.stream().allMatch(PlannedRequest::warmup));
    assertFalse(afterWarmup.stream().anyMatch(PlannedRequest::warmup));
  }

  @Test
  void warmupBacklogIsDroppedWhenMeasurementBegins() throws Exception {
    // 1.5 s in, nothing sent yet: the ten warm-up requests are skipped and measurement starts
    // with request 10, planned at 1 s, then 11 and so on.
    List<PlannedRequest> requests = firstRequests(1_500_000_000L, 6);

    assertEquals(
        List.of(10L, 11L, 12L, 13L, 14L, 15L),
        requests.stream().map(PlannedRequest::index).toList());
    assertEquals(1_000_000_000L, requests.get(0).plannedNanos());
  }

  @Test
  void closedSourceEmitsOnDemandUntilTheDurationHasPassed() throws Exception {
    long start = System.nanoTime();
    AtomicLong emitted = new AtomicLong();
    RequestSource source =
        RequestSource.closed(
            Duration.ofMillis(200),
            start,
            Duration.ZERO,
            System::nanoTime,
            request -> emitted.incrementAndGet());

    Long count =
        Source.fromGraph(source)
            .take(5_000_000)
            .runFold(0L, (n, request) -> n + 1, materializer)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(emitted.get(), count);
    assertTrue(count > 1000, "emitted " + count);
    assertTrue(elapsedMillis >= 190 && elapsedMillis < 2000, "took " + elapsedMillis + " ms");
  }
}
