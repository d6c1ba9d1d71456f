package dev.ohastreaming;

import dev.ohastreaming.cli.RunCommand;
import dev.ohastreaming.cli.WatchCommand;
import dev.ohastreaming.config.ServiceConfig;
import dev.ohastreaming.demo.DemoTargets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Entry point: {@code java -jar oha-streaming-service.jar [--demo]} runs the service; {@code run
 * URL...} runs one test from the command line (see {@link dev.ohastreaming.cli.RunCommand}).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    String command = arguments.isEmpty() ? "" : arguments.get(0);
    List<String> rest = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
    configureLogging(command.equals("run") || command.equals("watch"));
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.println(usage());
    } else if (command.equals("run")) {
      System.exit(RunCommand.run(rest));
    } else if (command.equals("watch")) {
      System.exit(WatchCommand.run(rest));
    } else if (arguments.stream().allMatch("--demo"::equals)) {
      OhaService service = OhaService.start(ServiceConfig.load());
      if (arguments.contains("--demo")) {
        startDemo(service);
      }
    } else {
      System.err.println("unknown arguments " + arguments + "\n\n" + usage());
      System.exit(2);
    }
  }

  private static void startDemo(OhaService service) throws Exception {
    List<DemoTargets.DemoServer> demo =
        DemoTargets.start(service.engine().system(), Duration.ofMillis(3));
    int port = service.address().getPort();
    String body =
        String.format(
            "{\"node_url\":\"%s\",\"bun_url\":\"%s\",\"duration_seconds\":10,"
                + "\"connections\":10,\"rate_per_second\":200}",
            demo.get(0).url(), demo.get(1).url());
    System.out.printf(
        "%nDemo targets (sample books API, not part of the load path):%n"
            + "  quick  -> %s%n  slower -> %s%n%n"
            + "Race them (as node and bun) for 10 s at 200 req/s each:%n"
            + "  curl -s -X POST http://localhost:%d/api/test/start "
            + "-H 'Content-Type: application/json' -d '%s'%n%n"
            + "Watch the live stream:%n"
            + "  java -jar target/oha-streaming-service.jar watch ws://localhost:%d/ws%n%n",
        demo.get(0).url(), demo.get(1).url(), port, body, port);
  }

  private static String usage() {
    return String.join(
        "\n",
        "oha-streaming-service: race HTTP servers under the same load, streamed live.",
        "",
        "  java -jar oha-streaming-service.jar            run the service (PORT, default 3030)",
        "  java -jar oha-streaming-service.jar --demo     ... plus two local sample targets",
        "  java -jar oha-streaming-service.jar run URL... run one test here, print a summary",
        "  java -jar oha-streaming-service.jar watch WS   print a service's live messages",
        "",
        "  run options: -z DURATION (10s) -c CONNECTIONS (50) -q RATE (none: max throughput)",
        "               --warmup DURATION --timeout DURATION --names a,b -m METHOD",
        "               -H 'Name: value' -d BODY --insecure --json");
  }

  /**
   * Sets up logging before it starts: the level from {@code LOG_LEVEL}, else from {@code RUST_LOG}
   * as the original service's deployments set it (e.g. {@code info} or {@code
   * oha_streaming_service=debug,tower=info}); command-line modes log to stderr.
   */
  private static void configureLogging(boolean commandLine) {
    if (commandLine) {
      System.setProperty("LOG_TARGET", "System.err");
    }
    String level = System.getenv("LOG_LEVEL");
    if (level == null || level.isBlank()) {
      level = rustLogLevel(System.getenv("RUST_LOG"));
    }
    if (level != null) {
      System.setProperty("LOG_LEVEL", level.toUpperCase(Locale.ROOT));
    }
  }

  static String rustLogLevel(String rustLog) {
    if (rustLog == null || rustLog.isBlank()) {
      return null;
    }
    String bare = null;
    for (String directive : rustLog.split(",")) {
      String part = directive.trim();
      int equals = part.indexOf('=');
      if (equals < 0) {
        bare = part;
      } else if (part.substring(0, equals).startsWith("oha_streaming_service")) {
        return part.substring(equals + 1);
      }
    }
    return bare;
  }
}
