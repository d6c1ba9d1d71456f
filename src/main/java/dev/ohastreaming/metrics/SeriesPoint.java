package dev.ohastreaming.metrics;

/**
 * One point of a target's time series: what one reporting interval measured, or, once the series
 * has been downsampled, the lowest or the highest of each figure over several intervals.
 *
 * @param elapsedSeconds end of the interval, seconds since the test's start
 * @param rps requests finished per second during the interval
 * @param p50Millis median response time of the interval
 * @param p95Millis 95th percentile response time of the interval
 * @param p99Millis 99th percentile response time of the interval
 * @param errors requests that failed during the interval
 * @param inFlight requests sent and not finished at the interval's end
 * @param exact true when the point is one interval's measurement; false when it is the lows or the
 *     highs point of a downsampled bucket of intervals
 */
public record SeriesPoint(
    double elapsedSeconds,
    double rps,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    long errors,
    long inFlight,
    boolean exact) {

  /** The exact point of one interval of {@code progress}, with its own {@code errors} count. */
  public static SeriesPoint of(TargetProgress progress, long intervalErrors) {
    LatencyStats interval = progress.interval();
    return new SeriesPoint(
        progress.elapsedSeconds(),
        progress.currentRps(),
        interval.p50Millis(),
        interval.p95Millis(),
        interval.p99Millis(),
        intervalErrors,
        progress.inFlight(),
        true);
  }
}
