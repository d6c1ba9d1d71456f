package dev.ohastreaming.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.Materializer;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.testkit.TestSubscriber;
import akka.stream.testkit.javadsl.TestSink;
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.metrics.LatencyStats;
import dev.ohastreaming.metrics.RunEvent;
import dev.ohastreaming.metrics.TargetProgress;
import dev.ohastreaming.testing.TestConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EventHubTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Materializer materializer = Materializer.matFromSystem(testKit.system());
  private static final LatencyStats NONE = new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static RunEvent progress(String testId, long sent) {
    return new RunEvent.ProgressUpdated(
        testId,
        new TargetProgress(
            "a", false, sent, sent, 0, 0, 0, 1, NONE, NONE, 0, 1, 50, Instant.now(), Map.of()));
  }

  private static RunEvent started(String testId) {
    return new RunEvent.TestStarted(
        testId, List.of(), 1, 0, 1, OptionalDouble.empty(), Instant.now());
  }

  @Test
  void slowSubscriberLosesOnlyItsOldestProgressNeverLifecycleEvents() throws Exception {
    List<RunEvent> events = new ArrayList<>();
    events.add(started("t"));
    for (int i = 1; i <= 50; i++) {
      events.add(progress("t", i));
    }
    events.add(started("u"));

    // A subscriber that has not asked for anything while 52 events arrive, with room for 5.
    TestSubscriber.Probe<RunEvent> slow =
        Source.from(events)
            .via(SubscriberBuffer.create(5))
            .runWith(TestSink.probe(testKit.system().classicSystem()), materializer);
    Thread.sleep(300);
    slow.request(100);
    List<RunEvent> received = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      received.add(slow.expectNext());
    }
    slow.expectComplete();

    assertEquals("t", ((RunEvent.TestStarted) received.get(0)).testId());
    assertEquals("u", ((RunEvent.TestStarted) received.get(4)).testId());
    List<Long> sent =
        received.subList(1, 4).stream()
            .map(e -> ((RunEvent.ProgressUpdated) e).progress().requestsSent())
            .toList();
    assertEquals(List.of(48L, 49L, 50L), sent, "newest progress wins, 5 held in all");
  }

  @Test
  void aFrozenSubscriberDoesNotDelayAnotherOne() throws Exception {
    EventHub hub =
        EventHub.start(
            materializer,
            ServiceSettings.create(
                TestConfig.with("oha.publish-buffer-size = 1024\noha.subscriber-buffer-size = 4")));
    TestSubscriber.Probe<RunEvent> frozen =
        hub.subscribe().runWith(TestSink.probe(testKit.system().classicSystem()), materializer);
    frozen.ensureSubscription();
    var live = hub.subscribe().take(1001).runWith(Sink.seq(), materializer).toCompletableFuture();
    Thread.sleep(200);

    hub.publish(started("t"));
    for (int i = 1; i <= 1000; i++) {
      hub.publish(progress("t", i));
    }

    List<RunEvent> all = live.get(10, TimeUnit.SECONDS);
    assertEquals(1001, all.size());
    frozen.request(10);
    RunEvent first = frozen.expectNext();
    assertTrue(first instanceof RunEvent.TestStarted, "lifecycle kept for the frozen one");
    hub.complete();
  }
}
