package dev.ohastreaming;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.Materializer;
import com.typesafe.config.Config;
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.hub.EventHub;
import dev.ohastreaming.load.TestSupervisor;
import dev.ohastreaming.stream.Transports;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine without the API: an actor system, the event hub and the test supervisor.
 *
 * <p>The service ({@link OhaService}) puts the HTTP API in front of it; the {@code run} command
 * uses it alone.
 */
public final class LoadEngine {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final ServiceSettings settings;
  private final ActorSystem<SpawnProtocol.Command> system;
  private final EventHub hub;
  private final ActorRef<TestSupervisor.Command> supervisor;

  private LoadEngine(
      ServiceSettings settings,
      ActorSystem<SpawnProtocol.Command> system,
      EventHub hub,
      ActorRef<TestSupervisor.Command> supervisor) {
    this.settings = settings;
    this.system = system;
    this.hub = hub;
    this.supervisor = supervisor;
  }

  /**
   * Starts an engine configured by {@code config}.
   *
   * @throws IllegalStateException when the actors do not start
   */
  public static LoadEngine start(Config config) {
    ServiceSettings settings = ServiceSettings.create(config);
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "oha", config);
    try {
      EventHub hub = EventHub.start(Materializer.matFromSystem(system), settings);
      ActorRef<TestSupervisor.Command> supervisor =
          await(
              AskPattern.ask(
                  system,
                  replyTo ->
                      new SpawnProtocol.Spawn<>(
                          Behaviors.supervise(
                                  TestSupervisor.create(
                                      settings,
                                      Transports.create(settings.transport()),
                                      hub::publish))
                              .onFailure(SupervisorStrategy.resume()),
                          "tests",
                          Props.empty(),
                          replyTo),
                  START_TIMEOUT,
                  system.scheduler()));
      return new LoadEngine(settings, system, hub, supervisor);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** The settings the engine was started with. */
  public ServiceSettings settings() {
    return settings;
  }

  /** The actor system. */
  public ActorSystem<SpawnProtocol.Command> system() {
    return system;
  }

  /** The hub of live events. */
  public EventHub hub() {
    return hub;
  }

  /** The supervisor of every test. */
  public ActorRef<TestSupervisor.Command> supervisor() {
    return supervisor;
  }

  /** Stops the engine and waits for its actor system to terminate. */
  public void stop() {
    system.terminate();
    await(system.getWhenTerminated());
  }

  /** Waits for {@code stage}, turning its failure into an {@link IllegalStateException}. */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + START_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
