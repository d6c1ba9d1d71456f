package dev.ohastreaming.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Min/max bucket downsampling of a time series.
 *
 * <p>Consecutive points are grouped into buckets and each bucket becomes two points: its lows, the
 * lowest value of every figure in the bucket, at the bucket's first instant, and its highs, the
 * highest, at its last instant. A chart drawn through them keeps the envelope of every figure, so
 * no spike and no dip disappears; what is lost is where in the bucket it happened and which figures
 * coincided. The first and the last point of a series are never merged.
 */
public final class SeriesDownsampling {

  private SeriesDownsampling() {}

  /**
   * {@code points} reduced to at most {@code budget} points, first and last kept; {@code points}
   * itself when it is short enough.
   *
   * @param budget at least 4
   */
  public static List<SeriesPoint> reduce(List<SeriesPoint> points, int budget) {
    if (budget < 4) {
      throw new IllegalArgumentException("budget must be at least 4: " + budget);
    }
    if (points.size() <= budget) {
      return List.copyOf(points);
    }
    List<SeriesPoint> middle = points.subList(1, points.size() - 1);
    int buckets = (budget - 2) / 2;
    List<SeriesPoint> reduced = new ArrayList<>(budget);
    reduced.add(points.get(0));
    for (int bucket = 0; bucket < buckets; bucket++) {
      int from = (int) ((long) bucket * middle.size() / buckets);
      int to = (int) ((long) (bucket + 1) * middle.size() / buckets);
      List<SeriesPoint> group = middle.subList(from, to);
      if (group.size() < 3) {
        reduced.addAll(group);
      } else {
        reduced.add(lows(group));
        reduced.add(highs(group));
      }
    }
    reduced.add(points.get(points.size() - 1));
    return reduced;
  }

  /** The lows point of a non-empty bucket: every figure's minimum, at the first instant. */
  static SeriesPoint lows(List<SeriesPoint> bucket) {
    return fold(bucket, bucket.get(0), Math::min);
  }

  /** The highs point of a non-empty bucket: every figure's maximum, at the last instant. */
  static SeriesPoint highs(List<SeriesPoint> bucket) {
    return fold(bucket, bucket.get(bucket.size() - 1), Math::max);
  }

  /** Every figure of {@code bucket} folded by {@code pick}, at the instant of {@code at}. */
  private static SeriesPoint fold(
      List<SeriesPoint> bucket, SeriesPoint at, DoubleBinaryOperator pick) {
    SeriesPoint folded = bucket.get(0);
    for (SeriesPoint point : bucket.subList(1, bucket.size())) {
      folded =
          new SeriesPoint(
              at.elapsedSeconds(),
              pick.applyAsDouble(folded.rps(), point.rps()),
              pick.applyAsDouble(folded.p50Millis(), point.p50Millis()),
              pick.applyAsDouble(folded.p95Millis(), point.p95Millis()),
              pick.applyAsDouble(folded.p99Millis(), point.p99Millis()),
              (long) pick.applyAsDouble(folded.errors(), point.errors()),
              (long) pick.applyAsDouble(folded.inFlight(), point.inFlight()),
              false);
    }
    return folded;
  }
}
