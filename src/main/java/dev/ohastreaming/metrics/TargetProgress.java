package dev.ohastreaming.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * One target's progress at the end of a reporting interval.
 *
 * @param target the target's name
 * @param warmup true while the test is still in its warm-up phase (figures are warm-up figures)
 * @param requestsSent requests sent so far
 * @param responsesReceived requests answered 2xx/3xx so far
 * @param errors requests failed so far
 * @param inFlight requests sent and not yet finished
 * @param backlog requests due by the schedule but not yet sent (0 in the closed model)
 * @param currentRps requests finished per second during the last interval
 * @param cumulative response time since the start of the phase
 * @param interval response time during the last interval
 * @param intervalSendLagP99Millis 99th percentile of send lag during the last interval
 * @param elapsedSeconds time since the test's start
 * @param progressPercent elapsed time as a share of the planned time, 0 to 100
 * @param timestamp when the interval ended
 * @param errorTypes failed requests so far by {@code error_types} key, summing to {@code errors}
 */
public record TargetProgress(
    String target,
    boolean warmup,
    long requestsSent,
    long responsesReceived,
    long errors,
    long inFlight,
    long backlog,
    double currentRps,
    LatencyStats cumulative,
    LatencyStats interval,
    double intervalSendLagP99Millis,
    double elapsedSeconds,
    double progressPercent,
    Instant timestamp,
    Map<String, Long> errorTypes) {

  public TargetProgress {
    errorTypes = Map.copyOf(errorTypes);
  }
}
