package dev.ohastreaming.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.metrics.RunEvent;
import dev.ohastreaming.metrics.TargetResults;
import dev.ohastreaming.stream.AkkaHttpTransport;
import dev.ohastreaming.stream.RequestTemplate;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A target whose load stream fails is restarted with backoff; the test and its other targets go on.
 */
class LoadSupervisionTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(TestConfig.with("oha.report-interval = 200ms"));
  private static final double RATE = 100;
  private static TestTargets targets;

  @BeforeAll
  static void start() throws Exception {
    targets = TestTargets.start(testKit.system(), Duration.ofMillis(2));
  }

  @AfterAll
  static void shutdown() throws Exception {
    targets.close();
    testKit.shutdownTestKit();
  }

  private static ServiceSettings settings(int maxRestarts) {
    return ServiceSettings.create(
        TestConfig.with(
            "oha.supervision.max-restarts = "
                + maxRestarts
                + "\noha.supervision.min-backoff = 100ms\noha.supervision.max-backoff = 200ms"));
  }

  private static TestPlan plan(Duration duration) {
    List<TargetSpec> specs =
        List.of(
            new TargetSpec("flaky", template(targets.url("/ok?flaky"))),
            new TargetSpec("steady", template(targets.url("/ok"))));
    return new TestPlan(
        specs,
        duration,
        Duration.ZERO,
        4,
        OptionalDouble.of(RATE),
        List.of(),
        Duration.ofSeconds(5),
        false);
  }

  private static RequestTemplate template(String url) {
    return new RequestTemplate("GET", URI.create(url), List.of(), new byte[0]);
  }

  private static Map<String, TargetResults> run(
      ServiceSettings settings, FailingTransport transport, List<RunEvent> events)
      throws InterruptedException {
    ActorRef<TestSupervisor.Command> supervisor =
        testKit.spawn(TestSupervisor.create(settings, transport, events::add));
    TestProbe<TestSupervisor.StartResult> started = testKit.createTestProbe();
    supervisor.tell(new TestSupervisor.StartTest(plan(Duration.ofSeconds(2)), started.ref()));
    String id = assertInstanceOf(TestSupervisor.Started.class, started.receiveMessage()).testId();
    TestProbe<Optional<TestSummary>> probe = testKit.createTestProbe();
    for (int attempt = 0; attempt < 100; attempt++) {
      supervisor.tell(new TestSupervisor.GetTest(id, probe.ref()));
      TestSummary summary = probe.receiveMessage().orElseThrow();
      if (summary.status() != RunStatus.RUNNING) {
        return summary.results().stream()
            .collect(Collectors.toMap(TargetResults::target, Function.identity()));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("test " + id + " did not finish");
  }

  private static void assertConsistent(TargetResults results) {
    assertEquals(
        results.totalRequests(),
        results.successfulRequests() + results.failedRequests(),
        results.toString());
    long planned = Math.round(2 * RATE);
    assertEquals(
        planned,
        results.totalRequests() + results.unfinishedRequests() + results.unsentRequests(),
        "every planned request is counted once: " + results);
  }

  /**
   * The healthy target: no restart, no failure, nothing lost (a cold JVM may leave some unsent).
   */
  private static void assertUnaffected(TargetResults steady) {
    assertEquals(0, steady.restarts(), steady.toString());
    assertTrue(steady.failure().isEmpty(), steady.toString());
    assertEquals(0, steady.failedRequests(), steady.toString());
    assertEquals(0, steady.unfinishedRequests(), steady.toString());
    assertTrue(steady.successfulRequests() > RATE, steady.toString());
    assertConsistent(steady);
  }

  @Test
  void aFailedStreamIsRestartedAndTheRunFinishesWithConsistentTotals() throws Exception {
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    FailingTransport transport = new FailingTransport(new AkkaHttpTransport(), 30, 1);

    Map<String, TargetResults> results = run(settings(3), transport, events);

    TargetResults flaky = results.get("flaky");
    TargetResults steady = results.get("steady");
    assertEquals(1, flaky.restarts(), flaky.toString());
    assertTrue(flaky.failure().isEmpty(), flaky.toString());
    assertTrue(flaky.successfulRequests() > 30, "load resumed after the restart: " + flaky);
    assertTrue(flaky.unsentRequests() > 0, "requests due during the backoff are unsent");
    assertConsistent(flaky);
    assertUnaffected(steady);
    assertEquals(2, transport.runs());
    List<RunEvent.TargetFailed> failures =
        events.stream()
            .filter(RunEvent.TargetFailed.class::isInstance)
            .map(RunEvent.TargetFailed.class::cast)
            .toList();
    assertEquals(1, failures.size(), failures.toString());
    assertEquals("flaky", failures.get(0).target());
    assertTrue(failures.get(0).error().contains("injected failure"), failures.toString());
  }

  @Test
  void aTargetThatKeepsFailingFinishesWithItsFailureAndTheOtherTargetCompletes() throws Exception {
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    FailingTransport transport = new FailingTransport(new AkkaHttpTransport(), 10, 100);

    Map<String, TargetResults> results = run(settings(2), transport, events);

    TargetResults flaky = results.get("flaky");
    TargetResults steady = results.get("steady");
    assertEquals(2, flaky.restarts(), flaky.toString());
    assertTrue(flaky.failure().orElseThrow().contains("injected failure"), flaky.toString());
    assertEquals(3, transport.runs());
    assertTrue(flaky.successfulRequests() >= 10, flaky.toString());
    assertConsistent(flaky);
    assertUnaffected(steady);
    assertEquals(3, events.stream().filter(RunEvent.TargetFailed.class::isInstance).count());
    assertEquals(2, events.stream().filter(RunEvent.TargetCompleted.class::isInstance).count());
  }
}
