package dev.ohastreaming.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedSeriesTest {

  /** Point {@code i}: one second per interval, p99 = i ms, with a spike and a dip at given ones. */
  private static SeriesPoint point(int i, int spikeAt, int dipAt) {
    double p99 = i == spikeAt ? 5000 : 10 + (i % 7);
    double rps = i == dipAt ? 1 : 100 + (i % 5);
    long errors = i == spikeAt ? 900 : 0;
    return new SeriesPoint(i, rps, p99 / 4, p99 / 2, p99, errors, 3, true);
  }

  @Test
  void aSoakOfAnyLengthStaysWithinItsBudgetKeepingFirstAndNewestExactly() {
    BoundedSeries series = new BoundedSeries(600);
    List<SeriesPoint> added = new ArrayList<>();

    for (int i = 1; i <= 86_400; i++) {
      SeriesPoint p = point(i, 1234, 4321);
      added.add(p);
      series.add(p);
      assertTrue(series.size() <= 600, "size " + series.size() + " after " + i);
    }

    List<SeriesPoint> kept = series.points();
    assertTrue(kept.size() >= 450, "uses its budget: " + kept.size());
    assertEquals(added.get(0), kept.get(0), "first point kept as it was");
    assertEquals(
        added.subList(added.size() - 300, added.size()),
        kept.subList(kept.size() - 300, kept.size()),
        "newest half exact, one point per interval");
    for (int i = 1; i < kept.size(); i++) {
      assertTrue(kept.get(i).elapsedSeconds() > kept.get(i - 1).elapsedSeconds(), "time ordered");
    }
    // The downsampled part has an even resolution: every lows point starts a bucket of one width.
    List<SeriesPoint> old = kept.subList(1, kept.size() - 300);
    double width = old.get(2).elapsedSeconds() - old.get(0).elapsedSeconds();
    for (int i = 0; i + 4 < old.size(); i += 2) {
      assertEquals(width, old.get(i + 2).elapsedSeconds() - old.get(i).elapsedSeconds(), 1e-9);
    }
  }

  @Test
  void spikesAndDipsLongDownsampledAwaySurvive() {
    BoundedSeries series = new BoundedSeries(64);

    for (int i = 1; i <= 10_000; i++) {
      series.add(point(i, 17, 23));
    }

    List<SeriesPoint> kept = series.points();
    assertEquals(5000.0, kept.stream().mapToDouble(SeriesPoint::p99Millis).max().orElseThrow());
    assertEquals(900, kept.stream().mapToLong(SeriesPoint::errors).max().orElseThrow());
    assertEquals(1.0, kept.stream().mapToDouble(SeriesPoint::rps).min().orElseThrow());
    assertEquals(10.0, kept.stream().mapToDouble(SeriesPoint::p99Millis).min().orElseThrow());
    assertFalse(kept.get(1).exact(), "old points summarise intervals");
    assertTrue(kept.get(kept.size() - 1).exact());
  }

  @Test
  void reduceKeepsFirstLastAndExtremesWithinTheBudget() {
    List<SeriesPoint> points = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      points.add(point(i, 500, 501));
    }

    List<SeriesPoint> reduced = SeriesDownsampling.reduce(points, 120);

    assertTrue(reduced.size() <= 120, "size " + reduced.size());
    assertTrue(reduced.size() >= 100, "uses the budget: " + reduced.size());
    assertEquals(points.get(0), reduced.get(0));
    assertEquals(points.get(999), reduced.get(reduced.size() - 1));
    assertEquals(5000.0, reduced.stream().mapToDouble(SeriesPoint::p99Millis).max().orElseThrow());
    assertEquals(1.0, reduced.stream().mapToDouble(SeriesPoint::rps).min().orElseThrow());
    assertEquals(points, SeriesDownsampling.reduce(points, 1000), "short enough: unchanged");
    assertThrows(IllegalArgumentException.class, () -> SeriesDownsampling.reduce(points, 3));
  }
}
