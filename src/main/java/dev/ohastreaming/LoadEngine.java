package dev.ohastreaming;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.Materializer;
import com.typesafe.config.Config;
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.hub.EventHub;
import dev.ohastreaming.load.TestArchive;
import dev.ohastreaming.load.TestSummary;
import dev.ohastreaming.load.TestSupervisor;
import dev.ohastreaming.store.StoreArchive;
import dev.ohastreaming.store.StoreWriter;
import dev.ohastreaming.store.TestStore;
import dev.ohastreaming.stream.Transports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine without the API: an actor system, the event hub and the test supervisor.
 *
 * <p>The service ({@link OhaService}) puts the HTTP API in front of it and keeps finished tests in
 * {@code oha.store.data-dir}; the {@code run} command uses it alone, in memory.
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
   * Starts an engine configured by {@code config}, keeping tests in memory only.
   *
   * @throws IllegalStateException when the actors do not start
   */
  public static LoadEngine start(Config config) {
    return start(config, false);
  }

  /**
   * Starts an engine configured by {@code config}.
   *
   * @param keepTests whether finished tests are kept in {@code oha.store.data-dir} (when set) and
   *     those kept there earlier are known again
   * @throws IllegalStateException when the actors do not start
   */
  public static LoadEngine start(Config config, boolean keepTests) {
    ServiceSettings settings = ServiceSettings.create(config);
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "oha", config);
    Duration tick = config.getDuration("akka.scheduler.tick-duration");
    if (tick.compareTo(Duration.ofMillis(2)) > 0) {
      system
          .log()
          .warn(
              "akka.scheduler.tick-duration is [{}]: open-model requests may go out up to that"
                  + " late (load the configuration with ServiceConfig to get 1 ms)",
              tick);
    }
    try {
      EventHub hub = EventHub.start(Materializer.matFromSystem(system), settings);
      TestArchive archive =
          keepTests && settings.store().dataDir().isPresent()
              ? openArchive(system, settings.store(), settings.store().dataDir().get())
              : TestArchive.NONE;
      ActorRef<TestSupervisor.Command> supervisor =
          spawn(
              system,
              Behaviors.supervise(
                      TestSupervisor.create(
                          settings,
                          Transports.create(settings.transport(), settings.nettyEventLoopThreads()),
                          hub::publish,
                          archive))
                  .onFailure(SupervisorStrategy.resume()),
              "tests",
              Props.empty());
      return new LoadEngine(settings, system, hub, supervisor);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * Reads the stored tests (blocking, before any actor needs them) and starts their writer on the
   * blocking dispatcher; on shutdown, the writer finishes its queue before the system terminates.
   */
  private static TestArchive openArchive(
      ActorSystem<SpawnProtocol.Command> system, ServiceSettings.Store settings, Path dataDir) {
    TestStore store = new TestStore(dataDir);
    store.prune(settings.maxTests(), settings.maxAge(), Instant.now());
    List<TestSummary> stored = store.loadAll();
    ActorRef<StoreWriter.Command> writer =
        spawn(system, StoreWriter.create(store, settings), "store", DispatcherSelector.blocking());
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "flush-test-store",
            () ->
                AskPattern.<StoreWriter.Command, Done>ask(
                        writer, StoreWriter.Flush::new, START_TIMEOUT, system.scheduler())
                    .exceptionally(failure -> Done.getInstance()));
    system.log().info("Test store [{}]: [{}] finished tests loaded", dataDir, stored.size());
    return new StoreArchive(stored, writer);
  }

  private static <T> ActorRef<T> spawn(
      ActorSystem<SpawnProtocol.Command> system, Behavior<T> behavior, String name, Props props) {
    return await(
        AskPattern.ask(
            system,
            replyTo -> new SpawnProtocol.Spawn<>(behavior, name, props, replyTo),
            START_TIMEOUT,
            system.scheduler()));
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
