package dev.ohastreaming.metrics;

import org.HdrHistogram.Histogram;

/**
 * Summary figures of one latency distribution, in milliseconds; all 0 when nothing was recorded.
 *
 * @param count number of values
 * @param minMillis smallest value
 * @param meanMillis arithmetic mean
 * @param p50Millis median
 * @param p90Millis 90th percentile
 * @param p95Millis 95th percentile
 * @param p99Millis 99th percentile
 * @param p999Millis 99.9th percentile
 * @param maxMillis largest value
 */
public record LatencyStats(
    long count,
    double minMillis,
    double meanMillis,
    double p50Millis,
    double p90Millis,
    double p95Millis,
    double p99Millis,
    double p999Millis,
    double maxMillis) {

  private static final double MICROS_PER_MILLI = 1000.0;

  /** The figures of {@code histogram}, whose values are microseconds. */
  public static LatencyStats of(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencyStats(
        histogram.getTotalCount(),
        histogram.getMinValue() / MICROS_PER_MILLI,
        histogram.getMean() / MICROS_PER_MILLI,
        histogram.getValueAtPercentile(50) / MICROS_PER_MILLI,
        histogram.getValueAtPercentile(90) / MICROS_PER_MILLI,
        histogram.getValueAtPercentile(95) / MICROS_PER_MILLI,
        histogram.getValueAtPercentile(99) / MICROS_PER_MILLI,
        histogram.getValueAtPercentile(99.9) / MICROS_PER_MILLI,
        histogram.getMaxValue() / MICROS_PER_MILLI);
  }
}
