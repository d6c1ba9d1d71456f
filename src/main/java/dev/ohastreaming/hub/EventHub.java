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
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.metrics.RunEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
 * subscriber starts with live messages, not a stale backlog; what it missed before it came is in
 * the hub's {@link TestTimelines}, which sees every published event first.
 */
public final class EventHub {

  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  private final BoundedSourceQueue<RunEvent> queue;
  private final Source<RunEvent, NotUsed> events;
  private final int subscriberBufferSize;
  private final Duration slowSubscriberLimit;
  private final TestTimelines timelines;
  private final AtomicLong dropped = new AtomicLong();
  private final LongAdder droppedForSlowSubscribers = new LongAdder();
  private final AtomicInteger subscribers = new AtomicInteger();

  private EventHub(
      BoundedSourceQueue<RunEvent> queue,
      Source<RunEvent, NotUsed> events,
      ServiceSettings settings) {
    this.queue = queue;
    this.events = events;
    this.subscriberBufferSize = settings.subscriberBufferSize();
    this.slowSubscriberLimit = settings.live().slowClientCloseAfter();
    this.timelines = new TestTimelines(settings.live().seriesMaxPoints(), settings.testsKept());
  }

  /**
   * Starts the hub with the buffer sizes, time series and slow-subscriber limit of {@code
   * settings}.
   */
  public static EventHub start(Materializer materializer, ServiceSettings settings) {
    Pair<BoundedSourceQueue<RunEvent>, Source<RunEvent, NotUsed>> hub =
        Source.<RunEvent>queue(settings.publishBufferSize())
            .toMat(BroadcastHub.of(RunEvent.class, 256), Keep.both())
            .run(materializer);
    hub.second().runWith(Sink.ignore(), materializer);
    return new EventHub(hub.first(), hub.second(), settings);
  }

  /** Hands {@code event} to every subscriber; never blocks. */
  public void publish(RunEvent event) {
    timelines.record(event);
    QueueOfferResult result = queue.offer(event);
    if (result != QueueOfferResult.enqueued()) {
      long total = dropped.incrementAndGet();
      log.warn("Event hub is full, dropped [{}] (dropped so far: [{}])", event, total);
    }
  }

  /**
   * A live stream of every event published from now on, buffered for one subscriber; it fails with
   * {@link SlowSubscriberException} when the subscriber stays too far behind for too long.
   */
  public Source<RunEvent, NotUsed> subscribe() {
    return events.via(
        SubscriberBuffer.create(
            subscriberBufferSize,
            slowSubscriberLimit,
            droppedForSlowSubscribers::increment,
            subscribers));
  }

  /** Subscribers whose stream is running now. */
  public int subscribers() {
    return subscribers.get();
  }

  /** What the published events said about each recent test. */
  public TestTimelines timelines() {
    return timelines;
  }

  /** Progress messages dropped so far for subscribers that fell behind, all subscribers summed. */
  public long droppedForSlowSubscribers() {
    return droppedForSlowSubscribers.sum();
  }

  /** Events dropped so far because the hub's queue was full, for every subscriber at once. */
  public long droppedEvents() {
    return dropped.get();
  }

  /** Stops accepting events; subscribers' streams complete. */
  public void complete() {
    queue.complete();
  }
}
