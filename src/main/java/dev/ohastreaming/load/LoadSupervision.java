package dev.ohastreaming.load;

import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import dev.ohastreaming.config.ServiceSettings;
import java.time.Duration;

/**
 * How a target's load actor is supervised: a failure restarts it with exponential backoff, at most
 * {@link ServiceSettings.Supervision#maxRestarts()} times over the whole run of the target (a quiet
 * spell shorter than 24 days does not reset the count); after that the actor stops and the target
 * finishes with its failure while the test's other targets go on.
 *
 * <p>Akka's own failure log is switched off: {@link RuntimeLoadActor} logs each restart at WARN and
 * the final failure at ERROR with its cause. Messages that arrive during a backoff (such as a stop)
 * are kept and handled by the restarted actor.
 */
public final class LoadSupervision {

  /**
   * Akka forgets earlier restarts after a quiet spell; the limit here counts every restart of a
   * target's run, so the spell is made longer than any test (and within what the scheduler takes).
   */
  private static final Duration NEVER = Duration.ofDays(24);

  private LoadSupervision() {}

  /** {@code behavior}, restarted with backoff on failure as {@code supervision} says. */
  public static <T> Behavior<T> restarting(
      Behavior<T> behavior, ServiceSettings.Supervision supervision) {
    return Behaviors.supervise(behavior)
        .onFailure(
            SupervisorStrategy.restartWithBackoff(
                    supervision.minBackoff(), supervision.maxBackoff(), supervision.randomFactor())
                .withMaxRestarts(supervision.maxRestarts())
                .withResetBackoffAfter(NEVER)
                .withLoggingEnabled(false));
  }
}
