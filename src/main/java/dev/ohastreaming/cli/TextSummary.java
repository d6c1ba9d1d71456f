package dev.ohastreaming.cli;

import dev.ohastreaming.metrics.LatencyStats;
import dev.ohastreaming.metrics.TargetResults;
import java.util.Map;
import java.util.TreeMap;

/** The human-readable summary of one target's results, laid out like oha's. */
final class TextSummary {

  private TextSummary() {}

  static String of(TargetResults r) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("%nTarget %s  %s%n", r.target(), r.url()));
    double successRate =
        r.totalRequests() == 0 ? 0 : 100.0 * r.successfulRequests() / r.totalRequests();
    text.append(String.format("  Success rate:  %.2f%%%n", successRate));
    text.append(String.format("  Total:         %.4f s%n", r.totalDurationSeconds()));
    text.append(String.format("  Requests:      %d%n", r.totalRequests()));
    text.append(String.format("  Requests/sec:  %.2f%n", r.requestsPerSecond()));
    r.requestedRatePerSecond()
        .ifPresent(rate -> text.append(String.format("  Requested:     %.2f/s%n", rate)));
    latency(text, "Response time (from planned send)", r.responseTime());
    latency(text, "Service time (from actual send)", r.serviceTime());
    LatencyStats lag = r.sendLag();
    text.append(
        String.format(
            "  Send lag:      p50 %.3f ms  p99 %.3f ms  max %.3f ms%n",
            lag.p50Millis(), lag.p99Millis(), lag.maxMillis()));
    text.append("  Status codes: ");
    new TreeMap<>(r.statusCodes())
        .forEach((code, count) -> text.append(String.format(" [%d] %d", code, count)));
    text.append(String.format("%n"));
    if (!r.errorTypes().isEmpty()) {
      text.append("  Errors:       ");
      for (Map.Entry<String, Long> error : new TreeMap<>(r.errorTypes()).entrySet()) {
        text.append(String.format(" %s %d", error.getKey(), error.getValue()));
      }
      text.append(String.format("%n"));
    }
    text.append(String.format("  Generator:     %s%n", r.generator().verdict()));
    r.generator().reasons().forEach(reason -> text.append("    ").append(reason).append('\n'));
    return text.toString();
  }

  private static void latency(StringBuilder text, String title, LatencyStats s) {
    text.append(String.format("  %s:%n", title));
    text.append(
        String.format(
            "    avg %.3f  min %.3f  p50 %.3f  p90 %.3f  p95 %.3f  p99 %.3f  p99.9 %.3f"
                + "  max %.3f ms%n",
            s.meanMillis(),
            s.minMillis(),
            s.p50Millis(),
            s.p90Millis(),
            s.p95Millis(),
            s.p99Millis(),
            s.p999Millis(),
            s.maxMillis()));
  }
}
