package dev.ohastreaming.load;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
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
 * <p>Limits: if the stream fails, the failure is reported and the target finishes with what was
 * measured; the actor does not restart the stream by itself.
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
  private boolean stopRequested;

  private RuntimeLoadActor(
      ActorContext<Command> context, TimerScheduler<Command> timers, Setup setup) {
    super(context);
    this.setup = setup;
    this.schedule = setup.plan().schedule();
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
    context.getLog().debug("[{}] load of [{}] started", setup.testId(), setup.target().name());
  }

  /** The load actor of one target. */
  public static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new RuntimeLoadActor(context, timers, setup)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(ReportTick.INSTANCE, this::onReportTick)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .onMessage(StreamDone.class, this::onStreamDone)
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
                        0,
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
    long lastCompletedNanos = recorder.lastCompletedNanos();
    long finishedNanos =
        lastCompletedNanos == Long.MIN_VALUE ? System.nanoTime() : lastCompletedNanos;
    reportInterval();
    Optional<String> failure = done.failure().map(Throwable::toString);
    failure.ifPresent(
        reason -> {
          getContext()
              .getLog()
              .warn("[{}] load of [{}] failed: {}", setup.testId(), setup.target().name(), reason);
          setup
              .metrics()
              .tell(new MetricsActor.ReportFailure(setup.target().name(), reason, false));
        });
    setup
        .metrics()
        .tell(
            new MetricsActor.TargetFinished(
                setup.target().name(), finishedNanos, stopRequested, failure));
    return Behaviors.stopped();
  }

  private void reportInterval() {
    long now = System.nanoTime();
    long backlog =
        schedule
            .map(s -> Math.max(0, s.dueBy(now - setup.startNanos()) - recorder.emittedCount()))
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
