package dev.ohastreaming;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.javadsl.AskPattern;
import dev.ohastreaming.load.TestSupervisor;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops running tests cleanly when the service is told to stop (SIGTERM, or the actor system
 * terminating): before the API unbinds, every running test is stopped, its results are published
 * ({@code TestCompleted} reaches the WebSockets while they are still open) and saved as {@code
 * Stopped}.
 *
 * <p>The wait is bounded by {@code oha.shutdown.test-stop-timeout}; a test still running then is
 * lost with the process, and a WARN says so.
 */
final class ServiceShutdown {

  private static final Logger log = LoggerFactory.getLogger(ServiceShutdown.class);

  private ServiceShutdown() {}

  /** Adds the stopping of {@code engine}'s tests to its system's coordinated shutdown. */
  static void register(LoadEngine engine) {
    Duration timeout = engine.settings().testStopTimeout();
    CoordinatedShutdown.get(engine.system())
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "stop-running-tests",
            () -> stopAll(engine, timeout));
  }

  private static CompletionStage<Done> stopAll(LoadEngine engine, Duration timeout) {
    log.info("Shutting down: stopping running tests, waiting up to [{}]", timeout);
    return AskPattern.<TestSupervisor.Command, Done>ask(
            engine.supervisor(),
            TestSupervisor.StopAllTests::new,
            timeout,
            engine.system().scheduler())
        .handle(
            (done, failure) -> {
              if (failure != null) {
                log.warn("Tests still running after [{}]: their results are lost", timeout);
              }
              return Done.getInstance();
            });
  }
}
