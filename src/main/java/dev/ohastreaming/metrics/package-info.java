/**
 * The numbers of a test: per-request recording, per-interval summaries and the MetricsActor.
 *
 * <p>Every latency histogram here records <b>microseconds</b> with 3 significant digits and resizes
 * itself, so there is no cap (the original capped at 60 s) and the resolution is 0.1% of the value
 * (1 µs at 1 ms, 1 ms at 1 s). Figures leave this package in milliseconds as doubles.
 *
 * <p>Per-request work is a few counter increments and three {@code Recorder.recordValue} calls on
 * the stream's thread; actors only ever see one {@link IntervalSummary} per target per reporting
 * interval.
 */
package dev.ohastreaming.metrics;
