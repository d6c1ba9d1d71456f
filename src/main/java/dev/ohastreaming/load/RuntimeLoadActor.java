package dev.ohastreaming.load;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.japi.Pair;
import akka.stream.KillSwitches;
import akka.stream.Materializer;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import dev.ohastreaming.metrics.MetricsActor;
import dev.ohastreaming.metrics.OutcomeRecorder;
import dev.ohastreaming.stream.ArrivalSchedule;
import dev.ohastreaming.stream.PlannedRequest;
import dev.ohastreaming.stream.RequestSource;
import dev.ohastreaming.stream.Transport;
import dev.ohastreaming.stream.TransportOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Runs the load of one target of one test: a request stream from the schedule through the transport
 * into an {@link OutcomeRecorder}, and once per reporting interval a summary of it to the test's
 * {@link MetricsActor}.
 *
 * <p>Protocol: {@link Stop} ends sending early; requests in flight still finish (each bounded by
 * the request timeout). When the stream is done the actor sends its last interval and {@code
 * TargetFinished} to the metrics actor, then stops. Per-request work never leaves the stream.
 *
 * <p>Failures: when the stream fails (not a request: the stream itself), the actor flushes the
 * interval it was in and fails, so that its supervisor (see {@link LoadSupervision}) restarts it
 * with backoff. A restarted actor resumes at the schedule's current due index: requests that fell
 * due during the outage are skipped and end up in {@code unsent_requests}; requests in flight when
 * the stream failed end up in {@code unfinished_requests}. Each restart is reported to the metrics
 * actor as a {@code ReportFailure} with {@code restarting = true}. When the supervisor gives up,
 * the actor reports the failure as final and finishes the target with it. The measurements survive
 * every restart because they live in the metrics actor, not here.
 */
public final class RuntimeLoadActor extends AbstractBehavior<RuntimeLoadActor.Command> {

  /** Messages this actor accepts. */
  public sealed interface Command {}

  /** Stop sending; let requests in flight finish. */
  public enum Stop implements Command {
    INSTANCE
  }

  private enum ReportTick implements Command {
    INSTANCE
  }

  private record StreamDone(Optional<Throwable> failure) implements Command {}

  /** How the stream of one target run failed; thrown so that the supervisor restarts the actor. */
  static final class LoadStreamFailed extends RuntimeException {
    LoadStreamFailed(String target, Throwable cause) {
      super("load stream of [" + target + "] failed: " + cause, cause);
    }
  }

  /** What outlives one incarnation of the actor: how often it has been started. */
  private static final class Lifetime {
    private int starts;
  }

  /**
   * What a target run needs.
   *
   * @param startNanos the test's start instant on {@link System#nanoTime()}, shared by every target
   *     of the test
   */
  public record Setup(
      String testId,
      TargetSpec target,
      TestPlan plan,
      long startNanos,
      Transport transport,
      TransportOptions transportOptions,
      Duration reportInterval,
      Duration endGrace,
      ActorRef<MetricsActor.Command> metrics) {}

  private final Setup setup;
  private final Optional<ArrivalSchedule> schedule;
  private final OutcomeRecorder recorder = new OutcomeRecorder();
  private final UniqueKillSwitch killSwitch;
  private final long firstIndex;
  private boolean stopRequested;
  private boolean finishReported;
  private Optional<Throwable> failure = Optional.empty();

  private RuntimeLoadActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Setup setup,
      Lifetime lifetime) {
    super(context);
    this.setup = setup;
    this.schedule = setup.plan().schedule();
    long nowNanos = System.nanoTime();
    // A restart resumes where the schedule is now; a first start begins at request 0 even when
    // the actor came up after the start instant, so that a slow spawn shows up as send lag.
    this.firstIndex =
        lifetime.starts++ == 0
            ? 0
            : schedule.map(s -> s.dueBy(nowNanos - setup.startNanos())).orElse(0L);
    Pair<UniqueKillSwitch, CompletionStage<Done>> running =
        requests()
            .viaMat(KillSwitches.single(), Keep.right())
            .via(setup.transport().flow(setup.target().request(), setup.transportOptions()))
            .toMat(Sink.foreach(recorder::record), Keep.both())
            .run(Materializer.matFromSystem(context.getSystem()));
    this.killSwitch = running.first();
    context.pipeToSelf(
        running.second(), (done, failure) -> new StreamDone(Optional.ofNullable(failure)));
    timers.startTimerAtFixedRate(ReportTick.INSTANCE, setup.reportInterval());
    context
        .getLog()
        .debug(
            "[{}] load of [{}] started at request [{}]",
            setup.testId(),
            setup.target().name(),
            firstIndex);
  }

  /**
   * The load actor of one target; wrap it in {@link LoadSupervision#restarting} so that a failed
   * stream is restarted.
   */
  public static Behavior<Command> create(Setup setup) {
    Lifetime lifetime = new Lifetime();
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(timers -> new RuntimeLoadActor(context, timers, setup, lifetime)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(ReportTick.INSTANCE, this::onReportTick)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .onMessage(StreamDone.class, this::onStreamDone)
        .onSignal(PreRestart.class, signal -> onPreRestart())
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Source<PlannedRequest, ?> requests() {
    TestPlan plan = setup.plan();
    RequestSource source =
        schedule
            .map(
                s ->
                    RequestSource.open(
                        s,
                        setup.endGrace(),
                        setup.startNanos(),
                        plan.warmup(),
                        firstIndex,
                        System::nanoTime,
                        recorder))
            .orElseGet(
                () ->
                    RequestSource.closed(
                        plan.totalDuration(),
                        setup.startNanos(),
                        plan.warmup(),
                        System::nanoTime,
                        recorder));
    return Source.fromGraph(source);
  }

  private Behavior<Command> onReportTick() {
    reportInterval();
    return this;
  }

  private Behavior<Command> onStop() {
    stopRequested = true;
    killSwitch.shutdown();
    return this;
  }

  private Behavior<Command> onStreamDone(StreamDone done) {
    reportInterval();
    if (done.failure().isPresent() && !stopRequested) {
      failure = done.failure();
      throw new LoadStreamFailed(setup.target().name(), failure.get());
    }
    finish(done.failure().map(Throwable::toString));
    return Behaviors.stopped();
  }

  private Behavior<Command> onPreRestart() {
    killSwitch.shutdown();
    String reason = failureText();
    getContext()
        .getLog()
        .warn(
            "[{}] load of [{}] failed, restarting: {}",
            setup.testId(),
            setup.target().name(),
            reason);
    setup.metrics().tell(new MetricsActor.ReportFailure(setup.target().name(), reason, true));
    return this;
  }

  private Behavior<Command> onPostStop() {
    killSwitch.shutdown();
    if (!finishReported) {
      // Stopped without finishing: the supervisor gave up after its last restart, or the test's
      // actors are being stopped as a whole.
      String reason = failureText();
      if (failure.isPresent()) {
        getContext()
            .getLog()
            .error(
                "[{}] load of [{}] failed for good: {}",
                setup.testId(),
                setup.target().name(),
                reason,
                failure.get());
      } else {
        getContext()
            .getLog()
            .warn("[{}] load of [{}] stopped unfinished", setup.testId(), setup.target().name());
      }
      finish(Optional.of(reason));
    }
    return this;
  }

  private void finish(Optional<String> reason) {
    long lastCompletedNanos = recorder.lastCompletedNanos();
    long finishedNanos =
        lastCompletedNanos == Long.MIN_VALUE ? System.nanoTime() : lastCompletedNanos;
    reason.ifPresent(
        text ->
            setup
                .metrics()
                .tell(new MetricsActor.ReportFailure(setup.target().name(), text, false)));
    setup
        .metrics()
        .tell(
            new MetricsActor.TargetFinished(
                setup.target().name(), finishedNanos, stopRequested, reason));
    finishReported = true;
  }

  private String failureText() {
    return failure.map(Throwable::toString).orElse("the load actor failed");
  }

  private void reportInterval() {
    long now = System.nanoTime();
    long backlog =
        schedule
            .map(
                s ->
                    Math.max(
                        0,
                        s.dueBy(now - setup.startNanos())
                            - Math.max(firstIndex, recorder.nextIndex())))
            .orElse(0L);
    setup
        .metrics()
        .tell(
            new MetricsActor.RecordInterval(
                setup.target().name(),
                recorder.takeWarmupInterval(),
                recorder.takeMeasuredInterval(),
                backlog,
                now));
  }
}
