package dev.ohastreaming.cli;

import akka.actor.typed.javadsl.AskPattern;
import akka.stream.Materializer;
import akka.stream.javadsl.Sink;
import com.typesafe.config.Config;
import dev.ohastreaming.LoadEngine;
import dev.ohastreaming.api.JsonSupport;
import dev.ohastreaming.api.WireFormat;
import dev.ohastreaming.config.ServiceConfig;
import dev.ohastreaming.load.TestSupervisor;
import dev.ohastreaming.metrics.RunEvent;
import dev.ohastreaming.metrics.TargetProgress;
import dev.ohastreaming.metrics.TargetResults;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code run URL [URL...]}: one test on this machine with the service's own engine, no API.
 *
 * <p>Several URLs are raced in one test on one schedule, as the service does. Live progress goes to
 * stderr once per interval (unless {@code --quiet}); the summary, or with {@code --json} one JSON
 * object of every target's results, goes to stdout.
 */
public final class RunCommand {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private RunCommand() {}

  /** Runs the command; returns the process exit code (0 done, 2 bad arguments). */
  public static int run(List<String> args) {
    return run(args, System.out, System.err);
  }

  /** Runs the command writing the summary to {@code out} and progress to {@code err}. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    RunArguments arguments;
    try {
      arguments = RunArguments.parse(args);
    } catch (RunArguments.UsageException e) {
      err.println("run: " + e.getMessage());
      return 2;
    }
    Config config = ServiceConfig.load("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
    LoadEngine engine = LoadEngine.start(config);
    try {
      List<TargetResults> results = execute(engine, arguments, err);
      print(engine, arguments, results, out);
      return 0;
    } finally {
      engine.stop();
    }
  }

  private static List<TargetResults> execute(
      LoadEngine engine, RunArguments arguments, PrintStream err) {
    int targets = arguments.plan().targets().size();
    CompletableFuture<String> testId = new CompletableFuture<>();
    CompletionStage<List<RunEvent>> completed =
        engine
            .hub()
            .subscribe()
            .filter(event -> testId.isDone() && event.testId().equals(testId.getNow(null)))
            .map(event -> showProgress(event, arguments, err))
            .filter(event -> event instanceof RunEvent.TargetCompleted)
            .take(targets)
            .runWith(Sink.seq(), Materializer.matFromSystem(engine.system()));
    TestSupervisor.StartResult started =
        LoadEngine.await(
            AskPattern.ask(
                engine.supervisor(),
                replyTo -> new TestSupervisor.StartTest(arguments.plan(), replyTo),
                ASK_TIMEOUT,
                engine.system().scheduler()));
    if (started instanceof TestSupervisor.Rejected rejected) {
      throw new IllegalStateException(rejected.reason());
    }
    testId.complete(((TestSupervisor.Started) started).testId());
    long deadlineSeconds =
        arguments.plan().totalDuration().plus(arguments.plan().requestTimeout()).toSeconds() + 30;
    List<RunEvent> events;
    try {
      events = completed.toCompletableFuture().get(deadlineSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the test did not finish: " + e, e);
    }
    Map<String, TargetResults> byName = new LinkedHashMap<>();
    for (RunEvent event : events) {
      TargetResults results = ((RunEvent.TargetCompleted) event).results();
      byName.put(results.target(), results);
    }
    List<TargetResults> ordered = new ArrayList<>();
    arguments.plan().targets().forEach(t -> ordered.add(byName.get(t.name())));
    return ordered;
  }

  private static RunEvent showProgress(RunEvent event, RunArguments arguments, PrintStream err) {
    if (!arguments.quiet() && event instanceof RunEvent.ProgressUpdated updated) {
      TargetProgress p = updated.progress();
      err.printf(
          "%6.1fs %-10s %s sent %d ok %d err %d  %.0f req/s  p50 %.2f ms  p99 %.2f ms%n",
          p.elapsedSeconds(),
          p.target(),
          p.warmup() ? "warmup" : "      ",
          p.requestsSent(),
          p.responsesReceived(),
          p.errors(),
          p.currentRps(),
          p.interval().p50Millis(),
          p.interval().p99Millis());
    }
    return event;
  }

  private static void print(
      LoadEngine engine, RunArguments arguments, List<TargetResults> results, PrintStream out) {
    if (arguments.json()) {
      List<Map<String, Object>> targets = new ArrayList<>();
      for (TargetResults result : results) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", result.target());
        target.put("url", result.url());
        target.put("results", WireFormat.results(result));
        targets.add(target);
      }
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("transport", engine.settings().transport());
      document.put("targets", targets);
      out.println(JsonSupport.write(document));
    } else {
      results.forEach(result -> out.print(TextSummary.of(result)));
    }
  }
}
