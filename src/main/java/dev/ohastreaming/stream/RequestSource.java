package dev.ohastreaming.stream;

import akka.stream.Attributes;
import akka.stream.Outlet;
import akka.stream.SourceShape;
import akka.stream.stage.AbstractOutHandler;
import akka.stream.stage.AsyncCallback;
import akka.stream.stage.GraphStage;
import akka.stream.stage.GraphStageLogic;
import akka.stream.stage.TimerGraphStageLogic;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The source of a target's requests, in either load model.
 *
 * <p><b>Open model</b> (a rate is set): request {@code i} is emitted once its planned instant
 * {@code start + schedule.offsetNanos(i)} has come, carrying that planned instant. When downstream
 * is busy, nothing is buffered and nothing is dropped: the index simply falls behind the clock, and
 * every overdue request is emitted as soon as downstream asks, still carrying its original planned
 * instant. That is what keeps the rate exact and the latency honest — unlike a throttle, which
 * would move the schedule and hide the stall.
 *
 * <p>The run ends on time: when the schedule's duration has passed, the source completes even if
 * requests are still due (a target that cannot keep up leaves them unsent; the caller counts them
 * as planned minus sent).
 *
 * <p><b>Closed model</b> (no rate): a request is emitted whenever downstream asks, until the run
 * duration has passed; its planned instant is the emission instant.
 *
 * <p>Waiting for the next planned instant goes through the {@link Pacer}, whose wake-ups are tens
 * of microseconds late rather than Akka scheduler ticks; each wake-up emits every request that has
 * become due.
 */
public final class RequestSource extends GraphStage<SourceShape<PlannedRequest>> {

  /** Receives every emitted request, for the sent counters and the backlog gauge. */
  public interface EmitListener {
    void emitted(PlannedRequest request);
  }

  private final Outlet<PlannedRequest> out = Outlet.create("RequestSource.out");
  private final ArrivalSchedule schedule;
  private final long durationNanos;
  private final long endGraceNanos;
  private final long startNanos;
  private final long warmupNanos;
  private final long firstIndex;
  private final LongSupplier nanoClock;
  private final EmitListener listener;

  private RequestSource(
      ArrivalSchedule schedule,
      long durationNanos,
      long endGraceNanos,
      long startNanos,
      long warmupNanos,
      long firstIndex,
      LongSupplier nanoClock,
      EmitListener listener) {
    this.schedule = schedule;
    this.durationNanos = durationNanos;
    this.endGraceNanos = endGraceNanos;
    this.startNanos = startNanos;
    this.warmupNanos = warmupNanos;
    this.firstIndex = firstIndex;
    this.nanoClock = nanoClock;
    this.listener = listener;
  }

  /**
   * An open-model source following {@code schedule} from {@code startNanos}.
   *
   * @param startNanos the run's start, a {@code nanoClock} reading shared by every target
   * @param warmup the first part of the schedule whose requests are marked as warm-up
   * @param firstIndex the first request to emit: 0 for a new run, more after a restart
   * @param endGrace how long after the schedule's end overdue requests may still go out
   */
  public static RequestSource open(
      ArrivalSchedule schedule,
      Duration endGrace,
      long startNanos,
      Duration warmup,
      long firstIndex,
      LongSupplier nanoClock,
      EmitListener listener) {
    return new RequestSource(
        schedule,
        schedule.durationNanos(),
        endGrace.toNanos(),
        startNanos,
        warmup.toNanos(),
        firstIndex,
        nanoClock,
        listener);
  }

  /** A closed-model source: back to back, from {@code startNanos} for {@code duration}. */
  public static RequestSource closed(
      Duration duration,
      long startNanos,
      Duration warmup,
      LongSupplier nanoClock,
      EmitListener listener) {
    return new RequestSource(
        null, duration.toNanos(), 0, startNanos, warmup.toNanos(), 0, nanoClock, listener);
  }

  @Override
  public SourceShape<PlannedRequest> shape() {
    return SourceShape.of(out);
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new TimerGraphStageLogic(shape()) {
      private static final String END = "end";
      private final AsyncCallback<Void> wake = createAsyncCallback(ignored -> onWake());
      private Pacer pacer;
      private boolean wakeScheduled;
      private long index = firstIndex;
      private final long firstMeasuredIndex =
          schedule == null || warmupNanos == 0 ? 0 : schedule.dueBy(warmupNanos - 1);

      {
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                emitIfDue();
              }
            });
      }

      @Override
      public void preStart() {
        pacer = Pacer.get(materializer().system());
        long untilEnd = startNanos + durationNanos + endGraceNanos - nanoClock.getAsLong();
        scheduleOnce(END, Duration.ofNanos(Math.max(0, untilEnd)));
      }

      @Override
      public void onTimer(Object key) {
        if (END.equals(key)) {
          completeStage();
        }
      }

      private void onWake() {
        wakeScheduled = false;
        if (isAvailable(out)) {
          emitIfDue();
        }
      }

      private void emitIfDue() {
        long now = nanoClock.getAsLong();
        if (schedule != null && index < firstMeasuredIndex && now - startNanos >= warmupNanos) {
          // Warm-up requests still unsent when measurement begins are dropped, so that the
          // measured phase starts on its own schedule instead of behind a warm-up backlog.
          index = firstMeasuredIndex;
        }
        boolean exhausted = schedule != null && index >= schedule.totalRequests();
        if (exhausted || now - startNanos >= durationNanos + endGraceNanos) {
          completeStage();
          return;
        }
        long planned =
            schedule == null ? Math.max(now, startNanos) : startNanos + schedule.offsetNanos(index);
        if (planned > now) {
          if (!wakeScheduled) {
            wakeScheduled = true;
            pacer.wakeAt(System.nanoTime() + (planned - now), () -> wake.invoke(null));
          }
          return;
        }
        PlannedRequest request =
            new PlannedRequest(index, planned, planned - startNanos < warmupNanos);
        index++;
        listener.emitted(request);
        push(out, request);
        if (schedule != null && index >= schedule.totalRequests()) {
          completeStage();
        }
      }
    };
  }
}
