package dev.ohastreaming.hub;

import akka.NotUsed;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.Materializer;
import akka.stream.QueueOfferResult;
import akka.stream.javadsl.BroadcastHub;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import dev.ohastreaming.metrics.RunEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one broadcast point between the tests and every live subscriber.
 *
 * <p>Producers (actors) call {@link #publish}, which never blocks: it offers to a bounded queue
 * feeding a {@link BroadcastHub}. A {@code BroadcastHub} runs at the pace of its slowest consumer,
 * so every subscriber gets its own {@link SubscriberBuffer} that always accepts and, when the
 * subscriber falls behind, drops that subscriber's oldest progress messages instead of slowing the
 * hub. One permanent internal consumer keeps the hub flowing while no one listens, so a new
 * subscriber starts with live messages, not a stale backlog.
 */
public final class EventHub {

  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  private final BoundedSourceQueue<RunEvent> queue;
  private final Source<RunEvent, NotUsed> events;
  private final int subscriberBufferSize;
  private final AtomicLong dropped = new AtomicLong();

  private EventHub(
      BoundedSourceQueue<RunEvent> queue,
      Source<RunEvent, NotUsed> events,
      int subscriberBufferSize) {
    this.queue = queue;
    this.events = events;
    this.subscriberBufferSize = subscriberBufferSize;
  }

  /**
   * Starts the hub.
   *
   * @param publishBufferSize events that may wait between producers and the hub
   * @param subscriberBufferSize progress messages a slow subscriber may fall behind by before its
   *     oldest ones are dropped
   */
  public static EventHub start(
      Materializer materializer, int publishBufferSize, int subscriberBufferSize) {
    Pair<BoundedSourceQueue<RunEvent>, Source<RunEvent, NotUsed>> hub =
        Source.<RunEvent>queue(publishBufferSize)
            .toMat(BroadcastHub.of(RunEvent.class, 256), Keep.both())
            .run(materializer);
    hub.second().runWith(Sink.ignore(), materializer);
    return new EventHub(hub.first(), hub.second(), subscriberBufferSize);
  }

  /** Hands {@code event} to every subscriber; never blocks. */
  public void publish(RunEvent event) {
    QueueOfferResult result = queue.offer(event);
    if (result != QueueOfferResult.enqueued()) {
      long total = dropped.incrementAndGet();
      log.warn("Event hub is full, dropped [{}] (dropped so far: [{}])", event, total);
    }
  }

  /** A live stream of every event published from now on, buffered for one subscriber. */
  public Source<RunEvent, NotUsed> subscribe() {
    return events.via(SubscriberBuffer.create(subscriberBufferSize));
  }

  /** Stops accepting events; subscribers' streams complete. */
  public void complete() {
    queue.complete();
  }
}
