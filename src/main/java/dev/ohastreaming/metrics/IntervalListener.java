package dev.ohastreaming.metrics;

/**
 * Receives the response-time histogram of every measured reporting interval of a test, as the test
 * goes, for an interval log.
 *
 * <p>Called on the metrics actor's thread once per target per interval; an implementation must not
 * block (hand the work to another actor).
 */
public interface IntervalListener {

  /** A listener that ignores every interval. */
  IntervalListener NONE = (target, responseTime, fromNanos, toNanos) -> {};

  /**
   * One interval of one target.
   *
   * @param responseTime the interval's response times (microseconds); read-only
   * @param fromNanos the interval's start, nanoseconds after the test's start
   * @param toNanos the interval's end, nanoseconds after the test's start
   */
  void intervalMeasured(
      String target, HistogramSnapshot responseTime, long fromNanos, long toNanos);
}
