package dev.ohastreaming.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ohastreaming.stream.FailureKind;
import dev.ohastreaming.stream.Outcome;
import dev.ohastreaming.stream.PlannedRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeRecorderTest {

  private static final long MILLI = 1_000_000L;

  @Test
  void knownLatenciesGiveKnownPercentilesInMilliseconds() {
    OutcomeRecorder recorder = new OutcomeRecorder();
    // 100 requests: response time i ms for i = 1..100, each sent 0.5 ms after its plan.
    for (int i = 1; i <= 100; i++) {
      PlannedRequest request = new PlannedRequest(i, 0, false);
      recorder.emitted(request);
      recorder.record(Outcome.response(request, MILLI / 2, i * MILLI, 200));
    }

    IntervalSummary interval = recorder.takeMeasuredInterval();
    LatencyStats response = interval.responseTime().stats();
    LatencyStats service = interval.serviceTime().stats();

    assertEquals(100, interval.sent());
    assertEquals(100, interval.succeeded());
    assertEquals(Map.of(200, 100L), interval.statusCodes());
    assertEquals(1.0, response.minMillis(), 0.002);
    assertEquals(50.0, response.p50Millis(), 0.05);
    assertEquals(95.0, response.p95Millis(), 0.1);
    assertEquals(99.0, response.p99Millis(), 0.1);
    assertEquals(100.0, response.maxMillis(), 0.1);
    assertEquals(50.5, response.meanMillis(), 0.05);
    assertEquals(50.0, service.meanMillis(), 0.05);
    assertEquals(0.5, interval.sendLag().stats().maxMillis(), 0.001);
  }

  @Test
  void failuresAreRecordedInTheHistogramAndCountedByType() {
    OutcomeRecorder recorder = new OutcomeRecorder();
    PlannedRequest request = new PlannedRequest(0, 0, false);
    recorder.record(Outcome.response(request, 0, 2 * MILLI, 500));
    recorder.record(Outcome.response(request, 0, 2 * MILLI, 503));
    recorder.record(Outcome.failed(request, 0, 30 * MILLI, FailureKind.TIMEOUT));
    recorder.record(Outcome.response(request, 0, 1 * MILLI, 204));

    IntervalSummary interval = recorder.takeMeasuredInterval();

    assertEquals(1, interval.succeeded());
    assertEquals(3, interval.failed());
    assertEquals(Map.of("HTTP_500", 1L, "HTTP_503", 1L, "Timeout", 1L), interval.errorTypes());
    assertEquals(4, interval.responseTime().count());
    assertEquals(30.0, interval.responseTime().stats().maxMillis(), 0.05);
  }

  @Test
  void intervalsAreDisjointAndWarmupIsKeptApart() {
    OutcomeRecorder recorder = new OutcomeRecorder();
    PlannedRequest warm = new PlannedRequest(0, 0, true);
    PlannedRequest measured = new PlannedRequest(1, 0, false);
    recorder.emitted(warm);
    recorder.record(Outcome.response(warm, 0, MILLI, 200));
    recorder.emitted(measured);
    recorder.record(Outcome.response(measured, 0, MILLI, 200));

    IntervalSummary first = recorder.takeMeasuredInterval();
    IntervalSummary warmup = recorder.takeWarmupInterval();
    IntervalSummary second = recorder.takeMeasuredInterval();

    assertEquals(1, first.completed());
    assertEquals(1, warmup.completed());
    assertEquals(0, second.completed());
    assertEquals(0, second.responseTime().count());
    assertEquals(2, recorder.nextIndex());
  }
}
