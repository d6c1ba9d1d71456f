package dev.ohastreaming.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ohastreaming.testing.TestTargets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static TestTargets targets;

  @BeforeAll
  static void start() throws Exception {
    targets = TestTargets.start(testKit.system(), Duration.ofMillis(2));
  }

  @AfterAll
  static void shutdown() throws Exception {
    targets.close();
    testKit.shutdownTestKit();
  }

  @Test
  void runRacesEveryUrlAndPrintsJsonResults() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        RunCommand.run(
            List.of(
                targets.url("/ok"),
                targets.url("/error"),
                "-z",
                "1s",
                "-c",
                "4",
                "-q",
                "100",
                "--names",
                "good,bad",
                "--json"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals("good", json.at("/targets/0/name").asText());
    assertEquals(
        100,
        json.at("/targets/0/results/successful_requests").asLong()
            + json.at("/targets/0/results/unsent_requests").asLong());
    assertEquals(100.0, json.at("/targets/0/results/requested_rate_per_second").asDouble());
    JsonNode bad = json.at("/targets/1/results");
    assertEquals(
        100, bad.at("/error_types/HTTP_500").asLong() + bad.get("unsent_requests").asLong());
    assertEquals(bad.get("total_requests").asLong(), bad.get("failed_requests").asLong());
    assertTrue(bad.get("total_requests").asLong() > 0);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("req/s"), "live progress on stderr");
  }

  @Test
  void textSummaryNamesTheFiguresOhaUsersLookFor() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        RunCommand.run(
            List.of(targets.url("/ok"), "-z", "500ms", "-c", "2", "--quiet"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit);
    for (String label :
        List.of(
            "Success rate:",
            "Requests/sec:",
            "Response time",
            "Service time",
            "Send lag",
            "[200]",
            "Generator:")) {
      assertTrue(text.contains(label), label + " in\n" + text);
    }
  }

  @Test
  void badArgumentsExitWithUsageError() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertEquals(2, RunCommand.run(List.of(), System.out, errors));
    assertEquals(2, RunCommand.run(List.of("ftp://x/"), System.out, errors));
    assertEquals(2, RunCommand.run(List.of("http://127.0.0.1/", "-c", "0"), System.out, errors));
    assertThrows(RunArguments.UsageException.class, () -> RunArguments.duration("5 parsecs"));
    assertEquals(Duration.ofMillis(1500), RunArguments.duration("1.5s"));
    assertEquals(Duration.ofMinutes(2), RunArguments.duration("2m"));
  }
}
