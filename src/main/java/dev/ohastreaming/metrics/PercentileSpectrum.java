package dev.ohastreaming.metrics;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The percentile distribution of a latency histogram, as HdrHistogram's own percentile output lists
 * it: levels that halve the distance to 100% in {@code ticksPerHalfDistance} steps each (50%, 75%,
 * 87.5%, …), so that the tail is as well described as the body.
 */
public final class PercentileSpectrum {

  /**
   * One level of the distribution.
   *
   * @param percentile share of requests at or below {@code valueMillis}, 0 to 100
   * @param valueMillis response time at that level
   * @param count requests at or below {@code valueMillis}
   */
  public record Level(double percentile, double valueMillis, long count) {

    /**
     * One in how many requests is slower than this level: {@code 1 / (1 - percentile / 100)};
     * infinite at 100%.
     */
    public double oneIn() {
      return 1.0 / (1.0 - percentile / 100.0);
    }
  }

  private PercentileSpectrum() {}

  /**
   * The levels of {@code snapshot}, lowest first, ending at the largest value (100%); empty when
   * nothing was recorded.
   *
   * @param ticksPerHalfDistance levels per halving of the distance to 100%, at least 1
   */
  public static List<Level> of(HistogramSnapshot snapshot, int ticksPerHalfDistance) {
    List<Level> levels = new ArrayList<>();
    if (snapshot.count() == 0) {
      return levels;
    }
    Histogram histogram = snapshot.toHistogram();
    for (HistogramIterationValue value : histogram.percentiles(ticksPerHalfDistance)) {
      levels.add(
          new Level(
              value.getPercentileLevelIteratedTo(),
              histogram.highestEquivalentValue(value.getValueIteratedTo()) / 1000.0,
              value.getTotalCountToThisValue()));
    }
    return levels;
  }
}
