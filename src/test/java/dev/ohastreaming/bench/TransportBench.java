package dev.ohastreaming.bench;

import akka.actor.ActorSystem;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import ch.qos.logback.classic.Level;
import dev.ohastreaming.config.ServiceConfig;
import dev.ohastreaming.stream.AkkaHttpTransport;
import dev.ohastreaming.stream.NettyTransport;
import dev.ohastreaming.stream.Outcome;
import dev.ohastreaming.stream.RequestSource;
import dev.ohastreaming.stream.RequestTemplate;
import dev.ohastreaming.stream.TlsTrust;
import dev.ohastreaming.stream.Transport;
import dev.ohastreaming.stream.TransportOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A closed-loop throughput check of one transport against one URL: {@code connections} requests
 * back to back for a warm-up and then a measured period, printing requests per second and service
 * time percentiles of the measured part. Not a test; run it by hand against a local server:
 *
 * <pre>{@code
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.ohastreaming.bench.TransportBench netty http://127.0.0.1:18080/small.json 50 10 1 3
 * }</pre>
 *
 * <p>Arguments: transport ({@code akka-http} or {@code netty}), URL, connections (default 50),
 * measured seconds (10), Netty event loop threads (1), warm-up seconds (3).
 */
public final class TransportBench {

  private TransportBench() {}

  /** Runs one measurement; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: TransportBench <akka-http|netty> <url> [connections] [seconds] [threads]"
              + " [warmupSeconds]");
      System.exit(2);
    }
    quietLogging();
    int connections = intArg(args, 2, 50);
    Duration measured = Duration.ofSeconds(intArg(args, 3, 10));
    int eventLoopThreads = intArg(args, 4, 1);
    Duration warmup = Duration.ofSeconds(intArg(args, 5, 3));
    Transport transport =
        args[0].equals(NettyTransport.NAME)
            ? new NettyTransport(eventLoopThreads)
            : new AkkaHttpTransport();
    RequestTemplate template =
        new RequestTemplate("GET", URI.create(args[1]), List.of(), new byte[0]);
    TransportOptions options =
        new TransportOptions(connections, Duration.ofSeconds(5), TlsTrust.insecure(), false);
    ActorSystem system = ActorSystem.create("bench", ServiceConfig.load("akka.loglevel = WARNING"));
    try {
      long startNanos = System.nanoTime();
      Tally tally =
          Source.fromGraph(
                  RequestSource.closed(
                      warmup.plus(measured), startNanos, warmup, System::nanoTime, ignored -> {}))
              .via(transport.flow(template, options))
              .runWith(Sink.fold(new Tally(), Tally::add), system)
              .toCompletableFuture()
              .get(warmup.plus(measured).plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
      System.out.println(tally.report(transport, connections, eventLoopThreads));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Outcomes of the measured part, folded one by one. */
  private static final class Tally {
    private final Histogram serviceNanos = new Histogram(3);
    private long answered;
    private long failed;
    private long firstPlannedNanos = Long.MAX_VALUE;
    private long lastCompletedNanos = Long.MIN_VALUE;

    Tally add(Outcome outcome) {
      if (outcome.warmup()) {
        return this;
      }
      if (outcome.succeeded()) {
        answered++;
      } else {
        failed++;
      }
      serviceNanos.recordValue(Math.max(0, outcome.completedNanos() - outcome.sentNanos()));
      firstPlannedNanos = Math.min(firstPlannedNanos, outcome.plannedNanos());
      lastCompletedNanos = Math.max(lastCompletedNanos, outcome.completedNanos());
      return this;
    }

    String report(Transport transport, int connections, int threads) {
      double seconds = (lastCompletedNanos - firstPlannedNanos) / 1e9;
      return String.format(
          Locale.ROOT,
          "%s connections=%d threads=%d: %.0f req/s (%d ok, %d failed in %.2f s),"
              + " service p50=%.2f ms p99=%.2f ms max=%.2f ms",
          transport.name(),
          connections,
          threads,
          (answered + failed) / seconds,
          answered,
          failed,
          seconds,
          serviceNanos.getValueAtPercentile(50) / 1e6,
          serviceNanos.getValueAtPercentile(99) / 1e6,
          serviceNanos.getMaxValue() / 1e6);
    }
  }

  private static int intArg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }

  /** Logback logs everything at DEBUG without a configuration file; a benchmark wants quiet. */
  private static void quietLogging() {
    Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.INFO);
    }
  }
}
