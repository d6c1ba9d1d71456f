package dev.ohastreaming.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Samples the CPU load of this process, for the generator's self-check.
 *
 * <p>The load is the process's CPU time over wall time since the previous sample, as a share of the
 * cores this JVM may use ({@link Runtime#availableProcessors()}, which follows CPU affinity and
 * container limits), so a generator pinned to one core of two reads 1.0 when that core is full.
 * Samples closer together than {@link #MIN_WINDOW_NANOS} repeat the previous value.
 */
final class ProcessCpu {

  private static final long MIN_WINDOW_NANOS = 500_000_000L;
  private static final OperatingSystemMXBean BEAN = ManagementFactory.getOperatingSystemMXBean();

  private long lastWallNanos = System.nanoTime();
  private long lastCpuNanos = cpuNanos();
  private double lastLoad = -1;

  /** Load since the previous sample, 0 to 1 (or a little above); negative when unknown. */
  double sample() {
    long cpu = cpuNanos();
    long wall = System.nanoTime();
    if (cpu < 0) {
      return -1;
    }
    if (wall - lastWallNanos >= MIN_WINDOW_NANOS) {
      int cores = Runtime.getRuntime().availableProcessors();
      lastLoad = (double) (cpu - lastCpuNanos) / (wall - lastWallNanos) / cores;
      lastWallNanos = wall;
      lastCpuNanos = cpu;
    }
    return lastLoad;
  }

  private static long cpuNanos() {
    if (BEAN instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }
}
