package dev.ohastreaming.metrics;

import org.HdrHistogram.Histogram;

/**
 * A read-only copy of a microsecond histogram, safe to pass between actors.
 *
 * <p>The wrapped histogram is private and never modified after construction; {@link #addTo} lets a
 * cumulative histogram absorb it without exposing it.
 */
public final class HistogramSnapshot {

  /** Significant digits of every histogram in this service. */
  public static final int SIGNIFICANT_DIGITS = 3;

  private static final HistogramSnapshot EMPTY = new HistogramSnapshot(newHistogram());

  private final Histogram histogram;

  private HistogramSnapshot(Histogram histogram) {
    this.histogram = histogram;
  }

  /** A new empty, auto-resizing microsecond histogram. */
  public static Histogram newHistogram() {
    Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
    histogram.setAutoResize(true);
    return histogram;
  }

  /** A snapshot holding a copy of {@code source}. */
  public static HistogramSnapshot copyOf(Histogram source) {
    return new HistogramSnapshot(source.copy());
  }

  /** A snapshot that takes ownership of {@code owned}; the caller must not touch it afterwards. */
  static HistogramSnapshot adopt(Histogram owned) {
    return new HistogramSnapshot(owned);
  }

  /** The empty snapshot. */
  public static HistogramSnapshot empty() {
    return EMPTY;
  }

  /** Number of recorded values. */
  public long count() {
    return histogram.getTotalCount();
  }

  /** Adds every value of this snapshot to {@code target}. */
  public void addTo(Histogram target) {
    target.add(histogram);
  }

  /** The summary figures of this snapshot, in milliseconds. */
  public LatencyStats stats() {
    return LatencyStats.of(histogram);
  }

  /** The value at {@code percentile} (0 to 100), in milliseconds; 0 when empty. */
  public double percentileMillis(double percentile) {
    return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** A copy of the histogram, for writers that need the HdrHistogram type itself. */
  public Histogram toHistogram() {
    return histogram.copy();
  }
}
