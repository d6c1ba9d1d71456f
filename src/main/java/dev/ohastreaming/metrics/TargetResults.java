package dev.ohastreaming.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The final measurements of one target, excluding warm-up.
 *
 * @param target the target's name
 * @param url the target's URL
 * @param totalRequests finished requests, {@code successfulRequests + failedRequests}
 * @param successfulRequests requests answered 2xx/3xx
 * @param failedRequests requests answered otherwise or not answered
 * @param unfinishedRequests requests sent whose outcome never arrived (a failed stream)
 * @param unsentRequests requests the schedule planned but that were never sent, because the test
 *     was stopped or the target fell so far behind that the test's end came first
 * @param totalDurationSeconds from the start of measurement to the last finished request
 * @param requestsPerSecond {@code totalRequests / totalDurationSeconds}
 * @param requestedRatePerSecond the open-model rate asked for at the end, if any
 * @param responseTime from planned send to last byte, corrected for coordinated omission
 * @param serviceTime from actual send to last byte
 * @param sendLag from planned to actual send
 * @param errorTypes failed requests by {@code error_types} key
 * @param statusCodes responses by HTTP status
 * @param generator whether the generator kept its schedule
 * @param restarts how often the target's load actor was restarted after a failure
 * @param failure why the target's load stream failed for good, empty when it ran to its end
 * @param responseTimeHistogram the full response time distribution (microseconds)
 * @param finishedAt when the target finished
 */
public record TargetResults(
    String target,
    String url,
    long totalRequests,
    long successfulRequests,
    long failedRequests,
    long unfinishedRequests,
    long unsentRequests,
    double totalDurationSeconds,
    double requestsPerSecond,
    OptionalDouble requestedRatePerSecond,
    LatencyStats responseTime,
    LatencyStats serviceTime,
    LatencyStats sendLag,
    Map<String, Long> errorTypes,
    Map<Integer, Long> statusCodes,
    GeneratorCheck generator,
    int restarts,
    Optional<String> failure,
    HistogramSnapshot responseTimeHistogram,
    Instant finishedAt) {

  public TargetResults {
    errorTypes = Map.copyOf(errorTypes);
    statusCodes = Map.copyOf(statusCodes);
  }
}
