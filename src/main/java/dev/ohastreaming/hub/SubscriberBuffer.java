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
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A per-subscriber buffer that never backpressures its upstream.
 *
 * <p>It holds up to {@code capacity} messages for a subscriber that reads slower than events
 * arrive. On overflow it drops the oldest {@link RunEvent.ProgressUpdated} it holds (a newer one
 * says more); lifecycle events ({@code TestStarted}, {@code TargetCompleted}, {@code TargetFailed})
 * are never dropped, so the buffer may exceed {@code capacity} by those only, which are few per
 * test.
 */
final class SubscriberBuffer extends GraphStage<FlowShape<RunEvent, RunEvent>> {

  private final Inlet<RunEvent> in = Inlet.create("SubscriberBuffer.in");
  private final Outlet<RunEvent> out = Outlet.create("SubscriberBuffer.out");
  private final int capacity;

  private SubscriberBuffer(int capacity) {
    this.capacity = capacity;
  }

  static SubscriberBuffer create(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    return new SubscriberBuffer(capacity);
  }

  @Override
  public FlowShape<RunEvent, RunEvent> shape() {
    return FlowShape.of(in, out);
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape()) {
      private final ArrayDeque<RunEvent> buffer = new ArrayDeque<>();

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                buffer.addLast(grab(in));
                if (buffer.size() > capacity) {
                  dropOldestProgress();
                }
                if (isAvailable(out)) {
                  push(out, buffer.removeFirst());
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
                  push(out, buffer.removeFirst());
                }
                if (isClosed(in) && buffer.isEmpty()) {
                  completeStage();
                }
              }
            });
      }

      @Override
      public void preStart() {
        pull(in);
      }

      private void dropOldestProgress() {
        Iterator<RunEvent> it = buffer.iterator();
        while (it.hasNext()) {
          if (it.next() instanceof RunEvent.ProgressUpdated) {
            it.remove();
            return;
          }
        }
      }
    };
  }
}
