package dev.ohastreaming.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The open-model schedule of one target: when each request should be sent, as pure arithmetic.
 *
 * <p>The schedule is a sequence of segments, each ramping the rate linearly from one value to
 * another (a constant rate is a segment whose two rates are equal). The number of requests due by
 * offset {@code t} is the integral of the rate, {@code N(t)}; request {@code i} (from 0) is planned
 * at the offset where {@code N(t) = i}. For a constant rate {@code r} this is {@code i / r}: at
 * 200/s request 0 goes at 0 ms, request 1 at 5 ms, and a 10 s run sends exactly 2000.
 *
 * <p>Because each planned time is computed from the index alone, a late sender never shifts the
 * schedule: whatever is overdue is simply sent at once, and its lateness is measured. Nothing here
 * reads a clock; offsets are nanoseconds from the run's start instant.
 */
public final class ArrivalSchedule {

  /**
   * One stretch of the schedule.
   *
   * @param durationNanos length of the segment, more than 0
   * @param fromRatePerSecond rate at the segment's start, 0 or more
   * @param toRatePerSecond rate at the segment's end, 0 or more
   */
  public record Segment(long durationNanos, double fromRatePerSecond, double toRatePerSecond) {
    public Segment {
      if (durationNanos <= 0) {
        throw new IllegalArgumentException("segment duration must be positive: " + durationNanos);
      }
      if (!(fromRatePerSecond >= 0) || !(toRatePerSecond >= 0)) {
        throw new IllegalArgumentException("segment rates must be 0 or more");
      }
    }

    /** A segment holding {@code ratePerSecond} for {@code duration}. */
    public static Segment constant(Duration duration, double ratePerSecond) {
      return new Segment(duration.toNanos(), ratePerSecond, ratePerSecond);
    }

    double durationSeconds() {
      return durationNanos / 1e9;
    }

    /** Requests due within the first {@code seconds} of this segment, as a real number. */
    double countWithin(double seconds) {
      double slope = (toRatePerSecond - fromRatePerSecond) / durationSeconds();
      return fromRatePerSecond * seconds + slope * seconds * seconds / 2;
    }

    /** Seconds into the segment at which the integral of the rate reaches {@code count}. */
    double secondsAtCount(double count) {
      if (count <= 0) {
        return 0;
      }
      double slope = (toRatePerSecond - fromRatePerSecond) / durationSeconds();
      // Root of slope/2·t² + from·t − count = 0, written so that it stays exact when slope → 0.
      double discriminant = Math.max(0, fromRatePerSecond * fromRatePerSecond + 2 * slope * count);
      return 2 * count / (fromRatePerSecond + Math.sqrt(discriminant));
    }
  }

  private final List<Segment> segments;
  private final long[] segmentStartNanos;
  private final double[] countBeforeSegment;
  private final long durationNanos;
  private final long totalRequests;

  private ArrivalSchedule(List<Segment> segments) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one segment");
    }
    this.segments = List.copyOf(segments);
    this.segmentStartNanos = new long[segments.size()];
    this.countBeforeSegment = new double[segments.size()];
    long startNanos = 0;
    double count = 0;
    for (int i = 0; i < segments.size(); i++) {
      segmentStartNanos[i] = startNanos;
      countBeforeSegment[i] = count;
      Segment segment = segments.get(i);
      startNanos += segment.durationNanos();
      count += segment.countWithin(segment.durationSeconds());
    }
    this.durationNanos = startNanos;
    // Requests i = 0, 1, … with N(t_i) = i < N(end): that is ceil(N(end)) of them. A tiny
    // epsilon keeps 200/s × 10 s at 2000 when floating point lands on 2000.0000000002.
    this.totalRequests = (long) Math.ceil(count - 1e-9);
  }

  /** A schedule of {@code ratePerSecond} held for {@code duration}. */
  public static ArrivalSchedule constant(double ratePerSecond, Duration duration) {
    return new ArrivalSchedule(List.of(Segment.constant(duration, ratePerSecond)));
  }

  /** A schedule made of {@code segments}, in order. */
  public static ArrivalSchedule of(List<Segment> segments) {
    return new ArrivalSchedule(new ArrayList<>(segments));
  }

  /** The segments, in order. */
  public List<Segment> segments() {
    return segments;
  }

  /** Length of the whole schedule in nanoseconds. */
  public long durationNanos() {
    return durationNanos;
  }

  /** How many requests the schedule sends in all. */
  public long totalRequests() {
    return totalRequests;
  }

  /**
   * Offset from the start, in nanoseconds, at which request {@code index} is planned.
   *
   * @param index from 0 to {@link #totalRequests()} − 1
   */
  public long offsetNanos(long index) {
    if (index < 0 || index >= totalRequests) {
      throw new IndexOutOfBoundsException("request " + index + " of " + totalRequests);
    }
    int segmentIndex = segmentHoldingCount(index);
    Segment segment = segments.get(segmentIndex);
    double seconds = segment.secondsAtCount(index - countBeforeSegment[segmentIndex]);
    long withinNanos = Math.min(segment.durationNanos() - 1, Math.round(seconds * 1e9));
    return segmentStartNanos[segmentIndex] + Math.max(0, withinNanos);
  }

  /**
   * How many requests are planned at or before {@code offsetNanos}; the backlog of a sender that
   * has sent {@code s} requests by then is {@code dueBy(offset) − s}.
   */
  public long dueBy(long offsetNanos) {
    if (offsetNanos < 0) {
      return 0;
    }
    if (offsetNanos >= durationNanos) {
      return totalRequests;
    }
    int i = segments.size() - 1;
    while (segmentStartNanos[i] > offsetNanos) {
      i--;
    }
    double seconds = (offsetNanos - segmentStartNanos[i]) / 1e9;
    double count = countBeforeSegment[i] + segments.get(i).countWithin(seconds);
    long due = Math.min(totalRequests, (long) Math.floor(count + 1e-9) + 1);
    // Where the rate is 0 the integral stays on an integer whose request comes only after the
    // pause; one exact look-up settles that case.
    if (due > 0 && offsetNanos(due - 1) > offsetNanos) {
      due--;
    }
    return due;
  }

  /** The segment in which the integral of the rate passes {@code count}. */
  private int segmentHoldingCount(long count) {
    for (int i = segments.size() - 1; i > 0; i--) {
      if (countBeforeSegment[i] <= count + 1e-9) {
        return i;
      }
    }
    return 0;
  }
}
