package dev.ohastreaming.hub;

import java.time.Duration;

/**
 * Ends a subscriber's stream whose buffer kept overflowing for too long: the subscriber reads
 * slower than the events arrive and has been losing progress messages all that time.
 */
public final class SlowSubscriberException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param overflowing how long the buffer had been overflowing
   * @param dropped progress messages the subscriber lost in that time
   */
  SlowSubscriberException(Duration overflowing, long dropped) {
    super(
        "client too slow: its buffer overflowed for "
            + overflowing.toSeconds()
            + " s and "
            + dropped
            + " progress messages were dropped");
  }
}
