package dev.ohastreaming.load;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.metrics.MetricsActor;
import dev.ohastreaming.metrics.RunEvent;
import dev.ohastreaming.metrics.TargetProgress;
import dev.ohastreaming.metrics.TargetResults;
import dev.ohastreaming.stream.TlsTrust;
import dev.ohastreaming.stream.Transport;
import dev.ohastreaming.stream.TransportOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.net.ssl.X509TrustManager;

/**
 * The one actor that starts, stops and answers for tests.
 *
 * <p>Per test it spawns a {@link MetricsActor} and one {@link RuntimeLoadActor} per target, all
 * sharing one start instant, and keeps the test's status, latest progress and final results.
 * Finished tests stay queryable until {@link ServiceSettings#testsKept()} newer ones push them out
 * (oldest finished first); running tests are never evicted.
 *
 * <p>Protocol: {@link StartTest} answers {@link Started} or {@link Rejected}; {@link StopTest}
 * answers {@link StopResult}; {@link GetTest} and {@link ListTests} answer summaries; {@link
 * StopAllTests} stops every running test and answers once all have finished (used on shutdown,
 * after which new tests are refused). Finished tests go to a {@link TestArchive}, which may keep
 * them on disk; the archive's stored tests are known again from the start.
 */
public final class TestSupervisor extends AbstractBehavior<TestSupervisor.Command> {

  /** Messages this actor accepts. */
  public sealed interface Command {}

  /** Start a test of {@code plan}; the plan is already validated against the limits. */
  public record StartTest(TestPlan plan, ActorRef<StartResult> replyTo) implements Command {}

  /** Stop a running test: sending stops, requests in flight finish. */
  public record StopTest(String testId, ActorRef<StopResult> replyTo) implements Command {}

  /** Ask for one test's summary; empty when the id is unknown. */
  public record GetTest(String testId, ActorRef<Optional<TestSummary>> replyTo)
      implements Command {}

  /** Ask for every known test, newest first. */
  public record ListTests(ActorRef<List<TestSummary>> replyTo) implements Command {}

  /** Stop every running test and refuse new ones; {@code replyTo} hears when all have finished. */
  public record StopAllTests(ActorRef<Done> replyTo) implements Command {}

  private record WrappedReport(MetricsActor.Report report) implements Command {}

  /** The answer to {@link StartTest}. */
  public sealed interface StartResult {}

  /** The test runs. */
  public record Started(String testId, Instant startedAt) implements StartResult {}

  /**
   * The test was not started.
   *
   * @param limit the configuration limit that refused it
   */
  public record Rejected(String reason, String limit) implements StartResult {}

  /** The answer to {@link StopTest}. */
  public enum StopResult {
    /** The test is stopping; its results follow as for any finished test. */
    STOPPING,
    /** The test had already finished. */
    ALREADY_FINISHED,
    /** No test has that id. */
    UNKNOWN
  }

  private final ServiceSettings settings;
  private final Transport transport;
  private final Consumer<RunEvent> publisher;
  private final TestArchive archive;
  private final List<ActorRef<Done>> awaitingAllStopped = new ArrayList<>();
  private boolean shuttingDown;
  private final X509TrustManager trustManager;
  private final ActorRef<MetricsActor.Report> reportAdapter;
  private final Map<String, TestRecord> tests = new LinkedHashMap<>();

  private TestSupervisor(
      ActorContext<Command> context,
      ServiceSettings settings,
      Transport transport,
      Consumer<RunEvent> publisher,
      TestArchive archive) {
    super(context);
    this.settings = settings;
    this.transport = transport;
    this.publisher = publisher;
    this.archive = archive;
    this.trustManager = TlsTrust.fromConfiguration(settings.extraCaFile());
    this.reportAdapter = context.messageAdapter(MetricsActor.Report.class, WrappedReport::new);
    archive.stored().stream()
        .sorted(Comparator.comparing(TestSummary::startedAt))
        .forEach(stored -> tests.put(stored.testId(), TestRecord.restored(stored)));
    evictOldFinished();
  }

  /**
   * The supervisor of every test of the service.
   *
   * @param transport the load path's transport
   * @param publisher receives every event for live subscribers; must not block
   */
  public static Behavior<Command> create(
      ServiceSettings settings, Transport transport, Consumer<RunEvent> publisher) {
    return create(settings, transport, publisher, TestArchive.NONE);
  }

  /**
   * The supervisor of every test of the service, keeping finished tests in {@code archive}.
   *
   * @param archive receives finished tests and interval histograms; its stored tests are known from
   *     the start
   */
  public static Behavior<Command> create(
      ServiceSettings settings,
      Transport transport,
      Consumer<RunEvent> publisher,
      TestArchive archive) {
    return Behaviors.setup(
        context -> new TestSupervisor(context, settings, transport, publisher, archive));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartTest.class, this::onStartTest)
        .onMessage(StopTest.class, this::onStopTest)
        .onMessage(GetTest.class, this::onGetTest)
        .onMessage(ListTests.class, this::onListTests)
        .onMessage(StopAllTests.class, this::onStopAllTests)
        .onMessage(WrappedReport.class, this::onReport)
        .build();
  }

  private Behavior<Command> onStartTest(StartTest start) {
    if (shuttingDown) {
      start.replyTo().tell(new Rejected("the service is shutting down", "shutdown"));
      return this;
    }
    long running = tests.values().stream().filter(t -> t.status == RunStatus.RUNNING).count();
    if (running >= settings.limits().maxConcurrentTests()) {
      String reason = "already running " + running + " tests, the most allowed at once";
      start.replyTo().tell(new Rejected(reason, "max_concurrent_tests"));
      return this;
    }
    long startNanos = System.nanoTime() + settings.startDelay().toNanos();
    TestRecord record =
        new TestRecord(UUID.randomUUID().toString(), start.plan(), Instant.now(), startNanos);
    tests.put(record.testId, record);
    spawnTest(record);
    evictOldFinished();
    logStart(record);
    publisher.accept(started(record));
    start.replyTo().tell(new Started(record.testId, record.startedAt));
    return this;
  }

  private void logStart(TestRecord record) {
    TestPlan plan = record.plan;
    getContext()
        .getLog()
        .info(
            "[{}] test started: [{}] targets, [{}] s, [{}] connections, rate [{}]",
            record.testId,
            plan.targets().size(),
            seconds(plan.duration()),
            plan.connections(),
            plan.openModel() ? plan.finalRatePerSecond().getAsDouble() + "/s" : "max");
  }

  private static RunEvent.TestStarted started(TestRecord record) {
    TestPlan plan = record.plan;
    return new RunEvent.TestStarted(
        record.testId,
        plan.targets().stream()
            .map(t -> new RunEvent.TargetInfo(t.name(), t.request().uri().toString()))
            .toList(),
        seconds(plan.duration()),
        seconds(plan.warmup()),
        plan.connections(),
        plan.ratePerSecond(),
        record.startedAt);
  }

  private void spawnTest(TestRecord record) {
    TestPlan plan = record.plan;
    List<MetricsActor.TargetSetup> targets =
        plan.targets().stream()
            .map(
                t ->
                    new MetricsActor.TargetSetup(
                        t.name(),
                        t.request().uri().toString(),
                        plan.finalRatePerSecond(),
                        plan.measuredRequests()))
            .toList();
    MetricsActor.Setup metricsSetup =
        new MetricsActor.Setup(
            record.testId,
            targets,
            plan.connections(),
            record.startNanos,
            plan.warmup().toNanos(),
            plan.totalDuration().toNanos(),
            settings.maxSendLagP99(),
            settings.maxProcessCpuLoad());
    ActorRef<MetricsActor.Command> metrics =
        getContext()
            .spawn(
                withTestMdc(
                    record.testId,
                    MetricsActor.Command.class,
                    MetricsActor.create(
                        metricsSetup,
                        publisher,
                        reportAdapter,
                        archive.intervals(record.testId, record.startedAt))),
                "metrics-" + record.testId);
    TransportOptions options =
        new TransportOptions(
            plan.connections(),
            plan.requestTimeout(),
            plan.insecure() ? TlsTrust.insecure() : trustManager,
            !plan.insecure());
    int index = 0;
    for (TargetSpec target : plan.targets()) {
      RuntimeLoadActor.Setup loadSetup =
          new RuntimeLoadActor.Setup(
              record.testId,
              target,
              plan,
              record.startNanos,
              transport,
              options,
              settings.reportInterval(),
              settings.endGrace(),
              metrics);
      ActorRef<RuntimeLoadActor.Command> loader =
          getContext()
              .spawn(
                  withTestMdc(
                      record.testId,
                      RuntimeLoadActor.Command.class,
                      LoadSupervision.restarting(
                          RuntimeLoadActor.create(loadSetup), settings.supervision())),
                  "load-" + record.testId + "-" + index++);
      record.loaders.add(loader);
    }
  }

  private static <T> Behavior<T> withTestMdc(
      String testId, Class<T> protocol, Behavior<T> behavior) {
    return Behaviors.withMdc(protocol, Map.of("testId", testId), behavior);
  }

  private Behavior<Command> onStopTest(StopTest stop) {
    TestRecord record = tests.get(stop.testId());
    if (record == null) {
      stop.replyTo().tell(StopResult.UNKNOWN);
    } else if (record.status != RunStatus.RUNNING) {
      stop.replyTo().tell(StopResult.ALREADY_FINISHED);
    } else {
      requestStop(record);
      stop.replyTo().tell(StopResult.STOPPING);
    }
    return this;
  }

  private void requestStop(TestRecord record) {
    record.stopRequested = true;
    record.loaders.forEach(loader -> loader.tell(RuntimeLoadActor.Stop.INSTANCE));
    getContext().getLog().info("[{}] stop requested", record.testId);
  }

  private Behavior<Command> onStopAllTests(StopAllTests stopAll) {
    shuttingDown = true;
    tests.values().stream().filter(t -> t.status == RunStatus.RUNNING).forEach(this::requestStop);
    awaitingAllStopped.add(stopAll.replyTo());
    replyIfAllStopped();
    return this;
  }

  private void replyIfAllStopped() {
    if (tests.values().stream().noneMatch(t -> t.status == RunStatus.RUNNING)) {
      awaitingAllStopped.forEach(replyTo -> replyTo.tell(Done.getInstance()));
      awaitingAllStopped.clear();
    }
  }

  private Behavior<Command> onGetTest(GetTest get) {
    TestRecord record = tests.get(get.testId());
    get.replyTo().tell(Optional.ofNullable(record).map(TestRecord::summary));
    return this;
  }

  private Behavior<Command> onListTests(ListTests list) {
    List<TestSummary> summaries = new ArrayList<>();
    tests.values().forEach(record -> summaries.add(record.summary()));
    summaries.sort(Comparator.comparing(TestSummary::startedAt).reversed());
    list.replyTo().tell(summaries);
    return this;
  }

  private Behavior<Command> onReport(WrappedReport wrapped) {
    if (wrapped.report() instanceof MetricsActor.ProgressReported reported) {
      TestRecord record = tests.get(reported.testId());
      if (record != null) {
        record.progress.put(reported.progress().target(), reported.progress());
      }
    } else if (wrapped.report() instanceof MetricsActor.TestMeasured measured) {
      TestRecord record = tests.get(measured.testId());
      if (record != null) {
        record.finish(measured.results());
        getContext()
            .getLog()
            .info("[{}] test finished: [{}]", record.testId, record.status.wireName());
        archive.save(record.summary());
        evictOldFinished();
        replyIfAllStopped();
      }
    }
    return this;
  }

  private void evictOldFinished() {
    int excess = tests.size() - settings.testsKept();
    var it = tests.values().iterator();
    while (excess > 0 && it.hasNext()) {
      if (it.next().status != RunStatus.RUNNING) {
        it.remove();
        excess--;
      }
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  /** The supervisor's state of one test. */
  private static final class TestRecord {
    private final String testId;
    private final TestPlan plan;
    private final Instant startedAt;
    private final long startNanos;
    private final List<ActorRef<RuntimeLoadActor.Command>> loaders = new ArrayList<>();
    private final Map<String, TargetProgress> progress = new HashMap<>();
    private List<TargetResults> results = List.of();
    private RunStatus status = RunStatus.RUNNING;
    private boolean stopRequested;
    private Instant finishedAt;
    private long finishedNanos;

    TestRecord(String testId, TestPlan plan, Instant startedAt, long startNanos) {
      this.testId = testId;
      this.plan = plan;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
    }

    /** The record of a test that finished in an earlier run of the service. */
    static TestRecord restored(TestSummary stored) {
      TestRecord record = new TestRecord(stored.testId(), stored.plan(), stored.startedAt(), 0);
      record.results = stored.results();
      record.progress.putAll(stored.progress());
      record.status = stored.status();
      record.finishedAt = stored.finishedAt().orElse(stored.startedAt());
      record.finishedNanos = Math.round(stored.elapsedSeconds() * 1e9);
      return record;
    }

    void finish(List<TargetResults> measured) {
      results = List.copyOf(measured);
      finishedAt = Instant.now();
      finishedNanos = System.nanoTime();
      loaders.clear();
      boolean allFailed = measured.stream().allMatch(r -> r.failure().isPresent());
      if (allFailed) {
        status = RunStatus.FAILED;
      } else {
        status = stopRequested ? RunStatus.STOPPED : RunStatus.COMPLETED;
      }
    }

    TestSummary summary() {
      long endNanos = status == RunStatus.RUNNING ? System.nanoTime() : finishedNanos;
      double elapsed = Math.max(0, (endNanos - startNanos) / 1e9);
      return new TestSummary(
          testId,
          status,
          plan,
          startedAt,
          Optional.ofNullable(finishedAt),
          elapsed,
          progress,
          results);
    }
  }
}
