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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The measurements are right: a stall shows in response time, twin targets measure alike. */
class MeasurementAccuracyTest {

  private static final ActorTestKit testKit = ActorTestKit.create(TestConfig.with(""));
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

  private static List<TargetResults> run(TestPlan plan, Runnable duringRun) throws Exception {
    LinkedBlockingQueue<RunEvent> events = new LinkedBlockingQueue<>();
    ActorRef<TestSupervisor.Command> supervisor =
        testKit.spawn(
            TestSupervisor.create(
                ServiceSettings.create(TestConfig.with("")), new AkkaHttpTransport(), events::add));
    TestProbe<TestSupervisor.StartResult> started = testKit.createTestProbe();
    supervisor.tell(new TestSupervisor.StartTest(plan, started.ref()));
    assertInstanceOf(TestSupervisor.Started.class, started.receiveMessage());
    duringRun.run();
    List<TargetResults> results = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + plan.totalDuration().plusSeconds(15).toNanos();
    while (results.size() < plan.targets().size()) {
      RunEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("test did not complete");
      }
      if (event instanceof RunEvent.TargetCompleted completed) {
        results.add(completed.results());
      }
    }
    return results;
  }

  private static TestPlan plan(
      String path, double rate, Duration duration, int connections, String... names) {
    return Plans.openModel(targets.url(path), rate, duration, connections, names);
  }

  @Test
  void aStallShowsInTheCorrectedTailAndNotInServiceTime() throws Exception {
    // 200/s for 4 s over 2 connections; the server freezes for 800 ms after 1.5 s. About 160
    // requests are planned during the freeze and wait up to 800 ms, so the corrected p99 is
    // hundreds of ms, while only the few requests already on the wire have a long service time.
    List<TargetResults> results =
        run(
            plan("/ok", 200, Duration.ofSeconds(4), 2, "stalled"),
            () -> {
              sleep(1600);
              targets.freeze(Duration.ofMillis(800));
            });

    TargetResults stalled = results.get(0);
    assertEquals(800, stalled.totalRequests() + stalled.unsentRequests());
    assertTrue(stalled.responseTime().p99Millis() > 500, "corrected p99 " + stalled.responseTime());
    assertTrue(stalled.responseTime().maxMillis() > 700, "corrected max " + stalled.responseTime());
    assertTrue(stalled.serviceTime().p99Millis() < 200, "service p99 " + stalled.serviceTime());
    assertTrue(stalled.sendLag().p99Millis() > 400, "send lag " + stalled.sendLag());
    assertTrue(stalled.generator().behind());
    assertTrue(
        stalled.generator().reasons().stream().anyMatch(r -> r.contains("connections were busy")),
        stalled.generator().reasons().toString());
  }

  @Test
  void twinTargetsOnOneScheduleMeasureAlike() throws Exception {
    List<TargetResults> results =
        run(plan("/slow", 100, Duration.ofSeconds(3), 10, "a1", "a2"), () -> {});

    TargetResults a1 = results.stream().filter(r -> r.target().equals("a1")).findFirst().get();
    TargetResults a2 = results.stream().filter(r -> r.target().equals("a2")).findFirst().get();
    assertEquals(300, a1.totalRequests() + a1.unsentRequests());
    assertEquals(a1.totalRequests(), a2.totalRequests(), 3);
    double rpsRatio = a1.requestsPerSecond() / a2.requestsPerSecond();
    assertTrue(
        Math.abs(rpsRatio - 1) < 0.02,
        "rps " + a1.requestsPerSecond() + " vs " + a2.requestsPerSecond());
    double p50Ratio = a1.responseTime().p50Millis() / a2.responseTime().p50Millis();
    assertTrue(
        Math.abs(p50Ratio - 1) < 0.15, "p50 " + a1.responseTime() + " vs " + a2.responseTime());
    assertTrue(a1.responseTime().p50Millis() >= 10, "the server's 10 ms delay is measured");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
