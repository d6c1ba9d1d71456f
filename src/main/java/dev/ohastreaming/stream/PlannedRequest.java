package dev.ohastreaming.stream;

/**
 * One request the schedule wants sent.
 *
 * @param index position in the target's schedule, from 0
 * @param plannedNanos {@link System#nanoTime()} instant at which the request should go out; in the
 *     closed model (no rate) this is the instant the source emitted it
 * @param warmup true when the request falls in the warm-up phase, whose outcomes are excluded from
 *     results
 */
public record PlannedRequest(long index, long plannedNanos, boolean warmup) {}
