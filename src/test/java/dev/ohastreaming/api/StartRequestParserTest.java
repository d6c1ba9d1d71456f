package dev.ohastreaming.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.load.TestPlan;
import dev.ohastreaming.stream.ArrivalSchedule;
import dev.ohastreaming.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartRequestParserTest {

  private final StartRequestParser parser =
      new StartRequestParser(JsonSupport.mapper(), ServiceSettings.create(TestConfig.with("")));

  @Test
  void originalBodyBecomesNodeAndBunTargetsWithTheOriginalDefaults() {
    TestPlan plan =
        parser.parse(
            "{\"node_url\":\"https://node.example/api/books\","
                + "\"bun_url\":\"https://bun.example/api/books\"}");

    assertEquals(List.of("node", "bun"), plan.targets().stream().map(t -> t.name()).toList());
    assertEquals(Duration.ofSeconds(60), plan.duration());
    assertEquals(10, plan.connections());
    assertFalse(plan.openModel(), "no rate: maximum throughput");
    assertEquals("GET", plan.targets().get(0).request().method());
    assertEquals(443, plan.targets().get(1).request().port());
  }

  @Test
  void generalFormCarriesMethodHeadersBodyTimeoutAndRate() {
    TestPlan plan =
        parser.parse(
            "{\"targets\":[{\"name\":\"a\",\"url\":\"http://127.0.0.1:8080/x?y=1\"}],"
                + "\"method\":\"post\",\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"body\":{\"title\":\"t\"},\"timeout_ms\":1500,\"rate_per_second\":2500,"
                + "\"connections\":64,\"duration_seconds\":2.5,\"extra_field\":true}");

    var request = plan.targets().get(0).request();
    assertEquals("POST", request.method());
    assertEquals("/x?y=1", request.pathAndQuery());
    assertEquals("Content-Type", request.headers().get(0).name());
    assertArrayEquals("{\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8), request.body());
    assertEquals(Duration.ofMillis(1500), plan.requestTimeout());
    assertEquals(2500, plan.ratePerSecond().getAsDouble());
    assertEquals(Duration.ofMillis(2500), plan.duration());
    assertEquals(6250, plan.schedule().orElseThrow().totalRequests());
  }

  @Test
  void stagesAndWarmupMakeOneScheduleWithTheWarmupFirst() {
    TestPlan plan =
        parser.parse(
            "{\"node_url\":\"http://127.0.0.1/\",\"rate_per_second\":100,\"warmup_seconds\":2,"
                + "\"stages\":[{\"duration_seconds\":10,\"rate_per_second\":300},"
                + "{\"duration_seconds\":5,\"rate_per_second\":300}],\"duration_seconds\":15}");

    ArrivalSchedule schedule = plan.schedule().orElseThrow();
    assertEquals(Duration.ofSeconds(15), plan.duration());
    assertEquals(Duration.ofSeconds(17), plan.totalDuration());
    // warm-up 2 s × 100 + ramp 100→300 over 10 s (2000) + 5 s × 300 (1500)
    assertEquals(200 + 2000 + 1500, schedule.totalRequests());
    assertEquals(3500, plan.measuredRequests().getAsLong());
    assertEquals(300, plan.finalRatePerSecond().getAsDouble());
    assertTrue(plan.openModel());
  }
}
