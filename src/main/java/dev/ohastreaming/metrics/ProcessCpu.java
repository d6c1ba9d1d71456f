package dev.ohastreaming.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The CPU load of this process, for the generator's self-check. */
final class ProcessCpu {

  private static final OperatingSystemMXBean BEAN = ManagementFactory.getOperatingSystemMXBean();

  private ProcessCpu() {}

  /**
   * Recent CPU load of this process as a share of all cores, 0 to 1; negative when the JVM does not
   * expose it.
   */
  static double load() {
    if (BEAN instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuLoad();
    }
    return -1;
  }
}
