package dev.ohastreaming.hub;

import akka.stream.Attributes;
import akka.stream.FlowShape;
import akka.stream.Inlet;
import akka.stream.Outlet;
import akka.stream.stage.AbstractInHandler;
import akka.stream.stage.AbstractOutHandler;
import akka.stream.stage.GraphStage;
import akka.stream.stage.GraphStageLogic;
import dev.ohastreaming.metrics.RunEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A per-subscriber buffer that never backpressures its upstream.
 *
 * <p>It holds up to {@code capacity} messages for a subscriber that reads slower than events
 * arrive. On overflow it drops the oldest {@link RunEvent.ProgressUpdated} it holds (a newer one
 * says more); lifecycle events ({@code TestStarted}, {@code TargetCompleted}, {@code TargetFailed})
 * are never dropped, so the buffer may exceed {@code capacity} by those only, which are few per
 * test.
 *
 * <p>A subscriber that keeps the buffer overflowing for longer than {@code overflowLimit} (it has
 * been losing messages all that time) fails with a {@link SlowSubscriberException}, so that its
 * connection can be closed with a reason instead of lingering; the buffer counts as overflowing
 * from its first drop until the subscriber has read it back under {@code capacity}.
 */
final class SubscriberBuffer extends GraphStage<FlowShape<RunEvent, RunEvent>> {

  private final Inlet<RunEvent> in = Inlet.create("SubscriberBuffer.in");
  private final Outlet<RunEvent> out = Outlet.create("SubscriberBuffer.out");
  private final int capacity;
  private final Duration overflowLimit;
  private final Runnable onDrop;
  private final AtomicInteger running;

  private SubscriberBuffer(
      int capacity, Duration overflowLimit, Runnable onDrop, AtomicInteger running) {
    this.capacity = capacity;
    this.overflowLimit = overflowLimit;
    this.onDrop = onDrop;
    this.running = running;
  }

  /** A buffer that never ends its stream, however long it overflows. */
  static SubscriberBuffer create(int capacity) {
    return create(capacity, Duration.ZERO, () -> {}, new AtomicInteger());
  }

  /**
   * A buffer that fails its stream once it has overflowed for {@code overflowLimit}.
   *
   * @param overflowLimit {@link Duration#ZERO} for never
   * @param onDrop called for every dropped message, on the stream's thread; must not block
   * @param running counts the buffers running now: one more from start to stop
   */
  static SubscriberBuffer create(
      int capacity, Duration overflowLimit, Runnable onDrop, AtomicInteger running) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    return new SubscriberBuffer(capacity, overflowLimit, onDrop, running);
  }

  @Override
  public FlowShape<RunEvent, RunEvent> shape() {
    return FlowShape.of(in, out);
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape()) {
      private final ArrayDeque<RunEvent> buffer = new ArrayDeque<>();
      private long overflowingSinceNanos = -1;
      private long droppedWhileOverflowing;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                buffer.addLast(grab(in));
                if (buffer.size() > capacity && dropOldestProgress() && tooSlowForTooLong()) {
                  return;
                }
                if (isAvailable(out)) {
                  pushNext();
                }
                pull(in);
              }

              @Override
              public void onUpstreamFinish() {
                if (buffer.isEmpty()) {
                  completeStage();
                }
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (!buffer.isEmpty()) {
                  pushNext();
                }
                if (isClosed(in) && buffer.isEmpty()) {
                  completeStage();
                }
              }
            });
      }

      @Override
      public void preStart() {
        running.incrementAndGet();
        pull(in);
      }

      @Override
      public void postStop() {
        running.decrementAndGet();
      }

      private void pushNext() {
        push(out, buffer.removeFirst());
        if (buffer.size() < capacity) {
          overflowingSinceNanos = -1;
          droppedWhileOverflowing = 0;
        }
      }

      /** Drops the oldest progress message; false when there is none to drop. */
      private boolean dropOldestProgress() {
        Iterator<RunEvent> it = buffer.iterator();
        while (it.hasNext()) {
          if (it.next() instanceof RunEvent.ProgressUpdated) {
            it.remove();
            onDrop.run();
            return true;
          }
        }
        return false;
      }

      /** Fails the stage when the overflow has lasted longer than allowed; true if it did. */
      private boolean tooSlowForTooLong() {
        long now = System.nanoTime();
        droppedWhileOverflowing++;
        if (overflowingSinceNanos < 0) {
          overflowingSinceNanos = now;
          return false;
        }
        Duration overflowing = Duration.ofNanos(now - overflowingSinceNanos);
        if (overflowLimit.isZero() || overflowing.compareTo(overflowLimit) < 0) {
          return false;
        }
        failStage(new SlowSubscriberException(overflowing, droppedWhileOverflowing));
        return true;
      }
    };
  }
}
