package dev.ohastreaming.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArrivalScheduleTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void constantRatePlansRequestIAtIOverRate() {
    ArrivalSchedule schedule = ArrivalSchedule.constant(200, Duration.ofSeconds(10));

    assertEquals(2000, schedule.totalRequests());
    assertEquals(0, schedule.offsetNanos(0));
    assertEquals(5_000_000, schedule.offsetNanos(1));
    assertEquals(5 * SECOND, schedule.offsetNanos(1000));
    assertEquals(9_995_000_000L, schedule.offsetNanos(1999));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 7.5, 100, 999, 1000, 1001, 10_000, 20_000, 100_000})
  void rateHoldsExactlyAtAnyRateIncludingAboveOneThousandPerSecond(double rate) {
    ArrivalSchedule schedule = ArrivalSchedule.constant(rate, Duration.ofSeconds(3));

    assertEquals(Math.round(rate * 3), schedule.totalRequests());
    long previous = -1;
    for (long i = 0; i < schedule.totalRequests(); i += Math.max(1, (long) rate / 50)) {
      long offset = schedule.offsetNanos(i);
      assertEquals(i * 1e9 / rate, offset, 1.0, "request " + i);
      assertTrue(offset > previous);
      previous = offset;
    }
  }

  @Test
  void dueByCountsRequestsPlannedAtOrBeforeAnOffset() {
    ArrivalSchedule schedule = ArrivalSchedule.constant(100, Duration.ofSeconds(2));

    assertEquals(0, schedule.dueBy(-1));
    assertEquals(1, schedule.dueBy(0));
    assertEquals(1, schedule.dueBy(9_999_999));
    assertEquals(2, schedule.dueBy(10_000_000));
    assertEquals(101, schedule.dueBy(SECOND));
    assertEquals(200, schedule.dueBy(2 * SECOND));
    assertEquals(200, schedule.dueBy(100 * SECOND));
  }

  @Test
  void linearRampFollowsTheIntegralOfTheRate() {
    // 0 → 100/s over 10 s: N(t) = 5 t², 500 requests; request i at sqrt(i / 5) s.
    ArrivalSchedule schedule =
        ArrivalSchedule.of(List.of(new ArrivalSchedule.Segment(10 * SECOND, 0, 100)));

    assertEquals(500, schedule.totalRequests());
    assertEquals(0, schedule.offsetNanos(0));
    assertEquals(Math.sqrt(20 / 5.0) * 1e9, schedule.offsetNanos(20), 1000);
    assertEquals(Math.sqrt(499 / 5.0) * 1e9, schedule.offsetNanos(499), 1000);
    assertEquals(125, schedule.dueBy(5 * SECOND) - 1);
  }

  @Test
  void rampDownAndStagesChainSegmentsAtTheirBoundaries() {
    // 100/s for 2 s (200), then 100 → 0 over 2 s (100): 300 in all.
    ArrivalSchedule schedule =
        ArrivalSchedule.of(
            List.of(
                ArrivalSchedule.Segment.constant(Duration.ofSeconds(2), 100),
                new ArrivalSchedule.Segment(2 * SECOND, 100, 0)));

    assertEquals(300, schedule.totalRequests());
    assertEquals(4 * SECOND, schedule.durationNanos());
    assertEquals(2 * SECOND, schedule.offsetNanos(200));
    // In the ramp down N(τ) = 100 τ − 25 τ², so the 75th request of the ramp is at τ = 1 s.
    assertEquals(3 * SECOND, schedule.offsetNanos(275), 1000);
    for (long i = 1; i < 300; i++) {
      assertTrue(schedule.offsetNanos(i) > schedule.offsetNanos(i - 1), "monotonic at " + i);
    }
  }

  @Test
  void zeroRateSegmentIsAPauseInTheSchedule() {
    ArrivalSchedule schedule =
        ArrivalSchedule.of(
            List.of(
                ArrivalSchedule.Segment.constant(Duration.ofSeconds(1), 10),
                ArrivalSchedule.Segment.constant(Duration.ofSeconds(5), 0),
                ArrivalSchedule.Segment.constant(Duration.ofSeconds(1), 10)));

    assertEquals(20, schedule.totalRequests());
    assertEquals(900_000_000, schedule.offsetNanos(9));
    assertEquals(6 * SECOND, schedule.offsetNanos(10));
    assertEquals(10, schedule.dueBy(5 * SECOND));
  }

  @Test
  void rejectsIndicesOutsideTheScheduleAndNonsenseSegments() {
    ArrivalSchedule schedule = ArrivalSchedule.constant(10, Duration.ofSeconds(1));

    assertThrows(IndexOutOfBoundsException.class, () -> schedule.offsetNanos(10));
    assertThrows(IndexOutOfBoundsException.class, () -> schedule.offsetNanos(-1));
    assertThrows(IllegalArgumentException.class, () -> new ArrivalSchedule.Segment(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ArrivalSchedule.Segment(1, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> ArrivalSchedule.of(List.of()));
  }
}
