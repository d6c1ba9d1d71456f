package dev.ohastreaming.store;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.load.TestSummary;
import dev.ohastreaming.metrics.HistogramSnapshot;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Does the file work of a {@link TestStore}: writes each finished test, and appends each measured
 * interval of a running test to its target's HdrHistogram interval log as it arrives. Spawn it on
 * the blocking dispatcher: every message blocks on the disk.
 *
 * <p>Protocol: {@link RecordInterval} appends one line to a target's log (opened on its first
 * interval, flushed after every line so that a download during the run sees it); {@link SaveTest}
 * closes the test's logs, writes the test and applies retention; {@link Flush} answers once every
 * earlier message is done (used before the service exits). A failing disk costs a WARN per message,
 * never the actor.
 *
 * <p>Interval logs use HdrHistogram's log format: timestamps in seconds since the test's start (the
 * start itself as the log's base time), values in microseconds, the max column in milliseconds.
 */
public final class StoreWriter extends AbstractBehavior<StoreWriter.Command> {

  /** Messages this actor accepts. */
  public sealed interface Command {}

  /** Write a finished test and close its interval logs. */
  public record SaveTest(TestSummary finished) implements Command {}

  /**
   * Append one interval of one target to its log.
   *
   * @param startedAt the test's start, the log's base time
   * @param responseTime the interval's response times (microseconds)
   * @param fromNanos the interval's start, nanoseconds after the test's start
   * @param toNanos the interval's end, nanoseconds after the test's start
   */
  public record RecordInterval(
      String testId,
      String target,
      Instant startedAt,
      HistogramSnapshot responseTime,
      long fromNanos,
      long toNanos)
      implements Command {}

  /** Answer {@code replyTo} once every message sent before this one is done. */
  public record Flush(ActorRef<Done> replyTo) implements Command {}

  private static final double MICROS_PER_MILLI = 1000.0;

  private final TestStore store;
  private final ServiceSettings.Store settings;
  private final Map<String, OpenLog> openLogs = new HashMap<>();

  private StoreWriter(
      ActorContext<Command> context, TestStore store, ServiceSettings.Store settings) {
    super(context);
    this.store = store;
    this.settings = settings;
  }

  /** The writer of {@code store}, applying the retention of {@code settings}. */
  public static Behavior<Command> create(TestStore store, ServiceSettings.Store settings) {
    return Behaviors.setup(context -> new StoreWriter(context, store, settings));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(SaveTest.class, this::onSaveTest)
        .onMessage(RecordInterval.class, this::onRecordInterval)
        .onMessage(Flush.class, this::onFlush)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onSaveTest(SaveTest save) {
    String testId = save.finished().testId();
    closeLogs(testId);
    try {
      store.save(save.finished());
      int removed = store.prune(settings.maxTests(), settings.maxAge(), Instant.now());
      getContext().getLog().debug("[{}] saved; [{}] old tests removed", testId, removed);
    } catch (IOException | RuntimeException e) {
      getContext().getLog().warn("[{}] cannot save the finished test: {}", testId, e.toString());
    }
    return this;
  }

  private Behavior<Command> onRecordInterval(RecordInterval interval) {
    String key = interval.testId() + "/" + interval.target();
    try {
      OpenLog open = openLogs.get(key);
      if (open == null) {
        open = OpenLog.open(store, interval);
        openLogs.put(key, open);
      }
      open.writer.outputIntervalHistogram(
          interval.fromNanos() / 1e9,
          interval.toNanos() / 1e9,
          interval.responseTime().toHistogram(),
          MICROS_PER_MILLI);
      open.out.flush();
    } catch (IOException | RuntimeException e) {
      getContext()
          .getLog()
          .warn("[{}] cannot write the interval log of [{}]: {}", interval.testId(), key, e);
    }
    return this;
  }

  private Behavior<Command> onFlush(Flush flush) {
    openLogs.values().forEach(open -> open.out.flush());
    flush.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onPostStop() {
    openLogs.values().forEach(OpenLog::close);
    openLogs.clear();
    return this;
  }

  private void closeLogs(String testId) {
    Iterator<Map.Entry<String, OpenLog>> it = openLogs.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, OpenLog> entry = it.next();
      if (entry.getKey().startsWith(testId + "/")) {
        entry.getValue().close();
        it.remove();
      }
    }
  }

  /** The open log of one target. */
  private record OpenLog(PrintStream out, HistogramLogWriter writer) {

    static OpenLog open(TestStore store, RecordInterval first) throws IOException {
      Path file =
          store
              .intervalLog(first.testId(), first.target())
              .orElseThrow(() -> new IOException("not a valid test id or target name"));
      Files.createDirectories(file.getParent());
      PrintStream out =
          new PrintStream(new FileOutputStream(file.toFile()), false, StandardCharsets.UTF_8);
      HistogramLogWriter writer = new HistogramLogWriter(out);
      long baseMsec = first.startedAt().toEpochMilli();
      writer.outputComment("oha-streaming-service test " + first.testId() + " " + first.target());
      writer.outputLogFormatVersion();
      writer.outputStartTime(baseMsec);
      writer.setBaseTime(baseMsec);
      writer.outputBaseTime(baseMsec);
      writer.outputLegend();
      return new OpenLog(out, writer);
    }

    void close() {
      out.close();
    }
  }
}
