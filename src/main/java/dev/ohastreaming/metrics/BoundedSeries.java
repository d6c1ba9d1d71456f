package dev.ohastreaming.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A time series of fixed size for tests of any length, hours-long soaks included.
 *
 * <p>It holds at most {@code capacity} points: the first point, then the older part of the test in
 * buckets of equal width, each drawn as a lows and a highs point (see {@link SeriesDownsampling}),
 * then the newest {@code capacity / 2} intervals exactly, one point each. An interval that leaves
 * the exact part joins the current bucket; when the buckets outgrow their share, neighbours are
 * merged two into one, so the bucket width doubles and the older part keeps an even resolution over
 * the whole test. Memory is {@code capacity} points per series whatever the test's length, and each
 * {@link #add} costs O(1) amortised.
 *
 * <p>Not thread-safe: its owner serialises access.
 */
public final class BoundedSeries {

  private final int recentCapacity;
  private final int bucketCapacity;
  private final ArrayDeque<SeriesPoint> recent = new ArrayDeque<>();
  private final ArrayList<Bucket> buckets = new ArrayList<>();
  private SeriesPoint first;
  private Bucket pending;
  private long bucketWidth = 2;

  /**
   * An empty series.
   *
   * @param capacity most points held, at least 16
   */
  public BoundedSeries(int capacity) {
    if (capacity < 16) {
      throw new IllegalArgumentException("capacity must be at least 16: " + capacity);
    }
    this.recentCapacity = capacity / 2;
    // The first point and the pending bucket's two points take the rest of the capacity.
    this.bucketCapacity = (capacity - recentCapacity - 3) / 2;
  }

  /** Appends {@code point}, the newest; merges old points when the series is full. */
  public void add(SeriesPoint point) {
    if (first == null) {
      first = point;
      return;
    }
    recent.addLast(point);
    if (recent.size() > recentCapacity) {
      age(recent.removeFirst());
    }
  }

  /** A copy of the points, oldest first. */
  public List<SeriesPoint> points() {
    List<SeriesPoint> points = new ArrayList<>(size());
    if (first != null) {
      points.add(first);
    }
    buckets.forEach(bucket -> bucket.drawInto(points));
    if (pending != null) {
      pending.drawInto(points);
    }
    points.addAll(recent);
    return points;
  }

  /** Number of points held. */
  public int size() {
    int size = (first == null ? 0 : 1) + recent.size() + (pending == null ? 0 : pending.drawn());
    for (Bucket bucket : buckets) {
      size += bucket.drawn();
    }
    return size;
  }

  private void age(SeriesPoint point) {
    pending = pending == null ? new Bucket(point) : pending.with(point);
    if (pending.intervals < bucketWidth) {
      return;
    }
    buckets.add(pending);
    pending = null;
    // Runs after the pending bucket is cleared: merging may hand it an odd bucket out.
    if (buckets.size() > bucketCapacity) {
      mergeNeighbours();
    }
  }

  private void mergeNeighbours() {
    List<Bucket> merged = new ArrayList<>(buckets.size() / 2 + 1);
    for (int i = 0; i + 1 < buckets.size(); i += 2) {
      merged.add(buckets.get(i).with(buckets.get(i + 1)));
    }
    // An odd bucket out is half the new width: it goes on filling as the pending one.
    if (buckets.size() % 2 == 1) {
      pending = buckets.get(buckets.size() - 1);
    }
    buckets.clear();
    buckets.addAll(merged);
    bucketWidth *= 2;
  }

  /** Consecutive intervals as their lows and highs. */
  private static final class Bucket {
    private final SeriesPoint lows;
    private final SeriesPoint highs;
    private final long intervals;

    Bucket(SeriesPoint point) {
      this(point, point, 1);
    }

    private Bucket(SeriesPoint lows, SeriesPoint highs, long intervals) {
      this.lows = lows;
      this.highs = highs;
      this.intervals = intervals;
    }

    Bucket with(SeriesPoint point) {
      return with(new Bucket(point));
    }

    Bucket with(Bucket later) {
      List<SeriesPoint> all = List.of(lows, highs, later.lows, later.highs);
      return new Bucket(
          SeriesDownsampling.lows(all), SeriesDownsampling.highs(all), intervals + later.intervals);
    }

    int drawn() {
      return intervals == 1 ? 1 : 2;
    }

    void drawInto(List<SeriesPoint> points) {
      points.add(lows);
      if (intervals > 1) {
        points.add(highs);
      }
    }
  }
}
