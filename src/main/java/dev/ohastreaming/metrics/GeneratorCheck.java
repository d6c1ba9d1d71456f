package dev.ohastreaming.metrics;

import java.util.List;

/**
 * Whether the load generator kept its schedule, so that a result measures the target and not the
 * tester.
 *
 * @param behind true when the generator fell behind its schedule
 * @param reasons why, in words a user can act on; empty when not behind
 * @param peakProcessCpuLoad the highest CPU load of the service's process over a reporting
 *     interval, as a share of the cores it may use (0 to 1); negative when the JVM does not tell
 */
public record GeneratorCheck(boolean behind, List<String> reasons, double peakProcessCpuLoad) {

  public GeneratorCheck {
    reasons = List.copyOf(reasons);
  }

  /** The wire value: {@code "ok"} or {@code "generator_behind"}. */
  public String verdict() {
    return behind ? "generator_behind" : "ok";
  }
}
