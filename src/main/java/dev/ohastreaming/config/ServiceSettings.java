package dev.ohastreaming.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * @param transport the load path's transport: {@code netty} or {@code akka-http}
 * @param nettyEventLoopThreads event loop threads of the Netty transport, shared by all tests
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
 * @param supervision how a target's failed load stream is restarted
 * @param store where finished tests are kept across restarts
 * @param testStopTimeout on shutdown, how long running tests may take to stop and report
 * @param access who may use the API and which targets a test may load
 */
public record ServiceSettings(
    String host,
    int port,
    Duration reportInterval,
    Duration startDelay,
    Duration endGrace,
    String transport,
    int nettyEventLoopThreads,
    int publishBufferSize,
    int subscriberBufferSize,
    int testsKept,
    Duration maxSendLagP99,
    double maxProcessCpuLoad,
    Optional<Path> extraCaFile,
    boolean allowInsecure,
    Defaults defaults,
    Limits limits,
    Live live,
    Supervision supervision,
    Store store,
    Duration testStopTimeout,
    Access access) {

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

  /**
   * How a target's load actor is restarted after its stream failed.
   *
   * @param maxRestarts restarts before the target finishes with the failure (0 for none)
   * @param minBackoff wait before the first restart, doubled for each further one
   * @param maxBackoff longest wait before a restart
   * @param randomFactor share of random extra wait, 0 to 1
   */
  public record Supervision(
      int maxRestarts, Duration minBackoff, Duration maxBackoff, double randomFactor) {}

  /**
   * Where finished tests are kept.
   *
   * @param dataDir the directory; empty keeps tests in memory only
   * @param maxTests finished tests kept on disk, oldest removed first
   * @param maxAge finished tests older than this are removed
   */
  public record Store(Optional<Path> dataDir, int maxTests, Duration maxAge) {}

  /**
   * Access control of the API.
   *
   * @param token the bearer token start and stop need; empty for none
   * @param protectReads whether read endpoints and {@code /ws} need the token too
   * @param allowedTargets host patterns a test may load ({@code *.example.com}, {@code 127.0.0.1});
   *     empty allows any host
   */
  public record Access(Optional<String> token, boolean protectReads, List<String> allowedTargets) {
    public Access {
      allowedTargets = List.copyOf(allowedTargets);
    }

    @Override
    public String toString() {
      // The token must never reach a log line.
      return "Access[token="
          + (token.isPresent() ? "set" : "none")
          + ", protectReads="
          + protectReads
          + ", allowedTargets="
          + allowedTargets
          + "]";
    }
  }

  /** Reads the {@code oha} section of {@code config}. */
  public static ServiceSettings create(Config config) {
    Config oha = config.getConfig("oha");
    return new ServiceSettings(
        oha.getString("http.host"),
        oha.getInt("http.port"),
        oha.getDuration("report-interval"),
        oha.getDuration("start-delay"),
        oha.getDuration("end-grace"),
        oha.getString("transport"),
        oha.getInt("netty.event-loop-threads"),
        oha.getInt("publish-buffer-size"),
        oha.getInt("subscriber-buffer-size"),
        oha.getInt("tests-kept"),
        oha.getDuration("generator.max-send-lag-p99"),
        oha.getDouble("generator.max-process-cpu-load"),
        optionalPath(oha.getString("tls.extra-ca-file")),
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
            oha.getDuration("live.slow-client-close-after")),
        new Supervision(
            oha.getInt("supervision.max-restarts"),
            oha.getDuration("supervision.min-backoff"),
            oha.getDuration("supervision.max-backoff"),
            oha.getDouble("supervision.random-factor")),
        new Store(
            optionalPath(oha.getString("store.data-dir")),
            oha.getInt("store.max-tests"),
            oha.getDuration("store.max-age")),
        oha.getDuration("shutdown.test-stop-timeout"),
        new Access(
            Optional.of(oha.getString("auth.token")).filter(t -> !t.isBlank()),
            oha.getBoolean("auth.protect-reads"),
            Arrays.stream(oha.getString("auth.allowed-targets").split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .toList()));
  }

  private static Optional<Path> optionalPath(String path) {
    return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
  }
}
