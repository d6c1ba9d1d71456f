package dev.ohastreaming.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the service, read once from the {@code oha} section of the configuration.
 *
 * @param host interface the API binds to
 * @param port port the API binds to
 * @param reportInterval how often progress is measured and published
 * @param startDelay how far ahead of the start request the shared start instant is set, so that
 *     every target's stream is running before its first request is due
 * @param endGrace how long after a schedule's end its overdue requests may still be sent
 * @param transport the load path's transport: {@code akka-http} or {@code netty}
 * @param publishBufferSize events that may wait for the hub
 * @param subscriberBufferSize progress messages a slow WebSocket client may fall behind by
 * @param testsKept finished tests kept in memory
 * @param maxSendLagP99 send-lag 99th percentile above which a result says the generator fell behind
 * @param maxProcessCpuLoad share of all cores (0 to 1) the service may use before a result says the
 *     generator was short of CPU
 * @param extraCaFile PEM file of CA certificates to trust beside the JVM's
 * @param allowInsecure whether a test may ask to skip certificate checks
 * @param defaults values for fields a start request leaves out
 * @param limits bounds of what a start request may ask for
 * @param live how live clients are served: time series and slow WebSocket clients
 */
public record ServiceSettings(
    String host,
    int port,
    Duration reportInterval,
    Duration startDelay,
    Duration endGrace,
    String transport,
    int publishBufferSize,
    int subscriberBufferSize,
    int testsKept,
    Duration maxSendLagP99,
    double maxProcessCpuLoad,
    Optional<Path> extraCaFile,
    boolean allowInsecure,
    Defaults defaults,
    Limits limits,
    Live live) {

  /** Values for fields a start request leaves out. */
  public record Defaults(Duration duration, int connections, Duration requestTimeout) {}

  /** Bounds of what a start request may ask for. */
  public record Limits(
      int maxTargets,
      Duration maxDuration,
      int maxConnections,
      double maxRatePerSecond,
      Duration minRequestTimeout,
      Duration maxRequestTimeout,
      int maxBodyBytes,
      int maxHeaders,
      int maxStages,
      int maxConcurrentTests) {}

  /**
   * How live clients are served.
   *
   * @param seriesMaxPoints most points kept per target time series; older ones are downsampled
   * @param snapshotSeriesPoints most points per series in the snapshot a new WebSocket client gets
   * @param slowClientCloseAfter how long a WebSocket client's buffer may keep overflowing before
   *     the connection is closed
   */
  public record Live(
      int seriesMaxPoints, int snapshotSeriesPoints, Duration slowClientCloseAfter) {}

  /** Reads the {@code oha} section of {@code config}. */
  public static ServiceSettings create(Config config) {
    Config oha = config.getConfig("oha");
    String extraCa = oha.getString("tls.extra-ca-file");
    return new ServiceSettings(
        oha.getString("http.host"),
        oha.getInt("http.port"),
        oha.getDuration("report-interval"),
        oha.getDuration("start-delay"),
        oha.getDuration("end-grace"),
        oha.getString("transport"),
        oha.getInt("publish-buffer-size"),
        oha.getInt("subscriber-buffer-size"),
        oha.getInt("tests-kept"),
        oha.getDuration("generator.max-send-lag-p99"),
        oha.getDouble("generator.max-process-cpu-load"),
        extraCa.isBlank() ? Optional.empty() : Optional.of(Path.of(extraCa)),
        oha.getBoolean("tls.allow-insecure"),
        new Defaults(
            oha.getDuration("defaults.duration"),
            oha.getInt("defaults.connections"),
            oha.getDuration("defaults.request-timeout")),
        new Limits(
            oha.getInt("limits.max-targets"),
            oha.getDuration("limits.max-duration"),
            oha.getInt("limits.max-connections"),
            oha.getDouble("limits.max-rate-per-second"),
            oha.getDuration("limits.min-request-timeout"),
            oha.getDuration("limits.max-request-timeout"),
            oha.getInt("limits.max-body-bytes"),
            oha.getInt("limits.max-headers"),
            oha.getInt("limits.max-stages"),
            oha.getInt("limits.max-concurrent-tests")),
        new Live(
            oha.getInt("live.series-max-points"),
            oha.getInt("live.snapshot-series-points"),
            oha.getDuration("live.slow-client-close-after")));
  }
}
