package dev.ohastreaming.metrics;

import dev.ohastreaming.stream.Outcome;
import dev.ohastreaming.stream.PlannedRequest;
import dev.ohastreaming.stream.RequestSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Records every request of one target run as it happens, and hands out interval summaries.
 *
 * <p>The stream calls {@link #emitted} and {@link #record} for every request, from whatever thread
 * runs it; an actor calls {@link #takeWarmupInterval()} and {@link #takeMeasuredInterval()} once
 * per reporting interval. Both sides are lock-free: histograms go through HdrHistogram's {@link
 * Recorder}, whose interval swap never blocks a writer, and counters through adders that are
 * read-and-reset. A request completing exactly during a swap lands in one interval or the next,
 * never in both and never in neither.
 *
 * <p>Warm-up requests are recorded apart, so that results can leave them out. {@link #record} is
 * called by one thread at a time (the stream's sink); {@link #emitted} may run on another.
 */
public final class OutcomeRecorder implements RequestSource.EmitListener {

  private static final int MAX_STATUS = 600;

  private final Phase warmup = new Phase();
  private final Phase measured = new Phase();
  private final AtomicLong nextIndex = new AtomicLong();
  private final AtomicLong lastCompletedNanos = new AtomicLong(Long.MIN_VALUE);

  @Override
  public void emitted(PlannedRequest request) {
    nextIndex.set(request.index() + 1);
    phase(request.warmup()).sent.increment();
  }

  /** Records one finished request. */
  public void record(Outcome outcome) {
    phase(outcome.warmup()).record(outcome);
    if (outcome.completedNanos() > lastCompletedNanos.get()) {
      // Only the stream's sink records, so a plain check-then-set cannot lose an update.
      lastCompletedNanos.set(outcome.completedNanos());
    }
  }

  /** When the latest request finished, or {@link Long#MIN_VALUE} before any did. */
  public long lastCompletedNanos() {
    return lastCompletedNanos.get();
  }

  /**
   * The schedule index after the latest emitted request (0 before any): requests due by the
   * schedule at or beyond it are the backlog.
   */
  public long nextIndex() {
    return nextIndex.get();
  }

  /** Warm-up requests since the previous call. */
  public IntervalSummary takeWarmupInterval() {
    return warmup.take();
  }

  /** Measured requests since the previous call. */
  public IntervalSummary takeMeasuredInterval() {
    return measured.take();
  }

  private Phase phase(boolean isWarmup) {
    return isWarmup ? warmup : measured;
  }

  /** The recorders of one phase. */
  private static final class Phase {
    private final Recorder responseTime = new Recorder(HistogramSnapshot.SIGNIFICANT_DIGITS);
    private final Recorder serviceTime = new Recorder(HistogramSnapshot.SIGNIFICANT_DIGITS);
    private final Recorder sendLag = new Recorder(HistogramSnapshot.SIGNIFICANT_DIGITS);
    private final LongAdder sent = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLongArray statusCounts = new AtomicLongArray(MAX_STATUS);
    private final Map<String, LongAdder> errorCounts = new ConcurrentHashMap<>();

    void record(Outcome outcome) {
      responseTime.recordValue(micros(outcome.completedNanos() - outcome.plannedNanos()));
      serviceTime.recordValue(micros(outcome.completedNanos() - outcome.sentNanos()));
      sendLag.recordValue(micros(outcome.sentNanos() - outcome.plannedNanos()));
      int status = outcome.statusCode();
      if (status > 0 && status < MAX_STATUS) {
        statusCounts.incrementAndGet(status);
      }
      if (outcome.succeeded()) {
        succeeded.increment();
      } else {
        failed.increment();
        errorCounts.computeIfAbsent(outcome.errorType(), key -> new LongAdder()).increment();
      }
    }

    IntervalSummary take() {
      Map<String, Long> errors = new HashMap<>();
      errorCounts.forEach(
          (type, count) -> {
            long value = count.sumThenReset();
            if (value > 0) {
              errors.put(type, value);
            }
          });
      Map<Integer, Long> statuses = new HashMap<>();
      for (int status = 0; status < MAX_STATUS; status++) {
        long value = statusCounts.getAndSet(status, 0);
        if (value > 0) {
          statuses.put(status, value);
        }
      }
      return new IntervalSummary(
          sent.sumThenReset(),
          succeeded.sumThenReset(),
          failed.sumThenReset(),
          errors,
          statuses,
          HistogramSnapshot.adopt(responseTime.getIntervalHistogram()),
          HistogramSnapshot.adopt(serviceTime.getIntervalHistogram()),
          HistogramSnapshot.adopt(sendLag.getIntervalHistogram()));
    }

    private static long micros(long nanos) {
      return Math.max(0, nanos / 1000);
    }
  }
}
