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
import dev.ohastreaming.testing.Plans;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestSupervisorTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(TestConfig.with("oha.report-interval = 200ms"));
  private static TestTargets targets;

  @BeforeAll
  static void start() throws Exception {
    targets = TestTargets.start(testKit.system(), Duration.ofMillis(10));
  }

  @AfterAll
  static void shutdown() throws Exception {
    targets.close();
    testKit.shutdownTestKit();
  }

  private static ServiceSettings settings(String overrides) {
    return ServiceSettings.create(TestConfig.with(overrides));
  }

  private static TestPlan plan(Duration duration, double rate, String... names) {
    return Plans.openModel(targets.url("/slow"), rate, duration, 4, names);
  }

  private static TestSummary awaitFinished(ActorRef<TestSupervisor.Command> supervisor, String id)
      throws InterruptedException {
    TestProbe<Optional<TestSummary>> probe = testKit.createTestProbe();
    for (int attempt = 0; attempt < 100; attempt++) {
      supervisor.tell(new TestSupervisor.GetTest(id, probe.ref()));
      TestSummary summary = probe.receiveMessage().orElseThrow();
      if (summary.status() != RunStatus.RUNNING) {
        return summary;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("test " + id + " did not finish");
  }

  @Test
  void runsATestToCompletionAndKeepsItsResults() throws Exception {
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    ActorRef<TestSupervisor.Command> supervisor =
        testKit.spawn(TestSupervisor.create(settings(""), new AkkaHttpTransport(), events::add));
    TestProbe<TestSupervisor.StartResult> started = testKit.createTestProbe();

    supervisor.tell(
        new TestSupervisor.StartTest(plan(Duration.ofSeconds(1), 50, "a", "b"), started.ref()));
    String id = assertInstanceOf(TestSupervisor.Started.class, started.receiveMessage()).testId();
    TestSummary running = currentSummary(supervisor, id);
    TestSummary finished = awaitFinished(supervisor, id);

    assertEquals(RunStatus.RUNNING, running.status());
    assertEquals(RunStatus.COMPLETED, finished.status());
    assertEquals(
        List.of("a", "b"), finished.results().stream().map(TargetResults::target).toList());
    for (TargetResults results : finished.results()) {
      assertEquals(50, results.totalRequests() + results.unsentRequests());
      assertEquals(results.totalRequests(), results.successfulRequests());
    }
    assertEquals(2, finished.progress().size());
    assertInstanceOf(RunEvent.TestStarted.class, events.get(0));
    assertEquals(2, events.stream().filter(e -> e instanceof RunEvent.TargetCompleted).count());
  }

  @Test
  void stopEndsTheTestAsStoppedAndUnknownIdsAreSaidSo() throws Exception {
    ActorRef<TestSupervisor.Command> supervisor =
        testKit.spawn(TestSupervisor.create(settings(""), new AkkaHttpTransport(), e -> {}));
    TestProbe<TestSupervisor.StartResult> started = testKit.createTestProbe();
    TestProbe<TestSupervisor.StopResult> stopped = testKit.createTestProbe();
    supervisor.tell(
        new TestSupervisor.StartTest(plan(Duration.ofMinutes(5), 20, "a"), started.ref()));
    String id = assertInstanceOf(TestSupervisor.Started.class, started.receiveMessage()).testId();

    supervisor.tell(new TestSupervisor.StopTest(id, stopped.ref()));
    stopped.expectMessage(TestSupervisor.StopResult.STOPPING);
    TestSummary finished = awaitFinished(supervisor, id);
    supervisor.tell(new TestSupervisor.StopTest(id, stopped.ref()));
    supervisor.tell(new TestSupervisor.StopTest("nope", stopped.ref()));

    assertEquals(RunStatus.STOPPED, finished.status());
    assertTrue(finished.elapsedSeconds() < 5, "elapsed " + finished.elapsedSeconds());
    stopped.expectMessage(TestSupervisor.StopResult.ALREADY_FINISHED);
    stopped.expectMessage(TestSupervisor.StopResult.UNKNOWN);
    TestProbe<Optional<TestSummary>> probe = testKit.createTestProbe();
    supervisor.tell(new TestSupervisor.GetTest("nope", probe.ref()));
    probe.expectMessage(Optional.empty());
  }

  @Test
  void refusesMoreConcurrentTestsThanConfiguredAndKeepsABoundedHistory() throws Exception {
    ActorRef<TestSupervisor.Command> supervisor =
        testKit.spawn(
            TestSupervisor.create(
                settings("oha.limits.max-concurrent-tests = 1\noha.tests-kept = 2"),
                new AkkaHttpTransport(),
                e -> {}));
    TestProbe<TestSupervisor.StartResult> started = testKit.createTestProbe();

    supervisor.tell(
        new TestSupervisor.StartTest(plan(Duration.ofMillis(300), 10, "a"), started.ref()));
    String first =
        assertInstanceOf(TestSupervisor.Started.class, started.receiveMessage()).testId();
    supervisor.tell(
        new TestSupervisor.StartTest(plan(Duration.ofMillis(300), 10, "a"), started.ref()));
    TestSupervisor.Rejected rejected =
        assertInstanceOf(TestSupervisor.Rejected.class, started.receiveMessage());
    awaitFinished(supervisor, first);
    for (int i = 0; i < 2; i++) {
      supervisor.tell(
          new TestSupervisor.StartTest(plan(Duration.ofMillis(200), 10, "a"), started.ref()));
      String id = assertInstanceOf(TestSupervisor.Started.class, started.receiveMessage()).testId();
      awaitFinished(supervisor, id);
    }
    TestProbe<List<TestSummary>> list = testKit.createTestProbe();
    supervisor.tell(new TestSupervisor.ListTests(list.ref()));

    assertEquals("max_concurrent_tests", rejected.limit());
    List<TestSummary> kept = list.receiveMessage();
    assertEquals(2, kept.size());
    assertTrue(kept.stream().noneMatch(s -> s.testId().equals(first)), "oldest evicted");
    assertTrue(!kept.get(0).startedAt().isBefore(kept.get(1).startedAt()), "newest first");
  }

  private static TestSummary currentSummary(
      ActorRef<TestSupervisor.Command> supervisor, String id) {
    TestProbe<Optional<TestSummary>> probe = testKit.createTestProbe();
    supervisor.tell(new TestSupervisor.GetTest(id, probe.ref()));
    return probe.receiveMessage().orElseThrow();
  }
}
