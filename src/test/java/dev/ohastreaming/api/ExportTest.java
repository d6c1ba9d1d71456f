package dev.ohastreaming.api;

import static dev.ohastreaming.testing.ServiceClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV exports parse back to the figures of the JSON answers. */
class ExportTest {

  /** Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
  private static List<List<String>> parse(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    assertTrue(row.isEmpty() && field.length() == 0, "ends with CRLF");
    return rows;
  }

  @Test
  void resultsAndTimeSeriesCsvHoldTheSameFiguresAsTheJson() throws Exception {
    OhaService service = OhaService.start(TestConfig.with("oha.report-interval = 250ms"));
    try (TestTargets targets = TestTargets.start(service.engine().system(), Duration.ZERO)) {
      ServiceClient client = new ServiceClient(service.address().getPort());
      String body =
          String.format(
              "{\"targets\":[{\"name\":\"plain\",\"url\":\"%s\"},"
                  + "{\"name\":\"failing\",\"url\":\"%s?a=1,b=2\"}],"
                  + "\"duration_seconds\":1,\"connections\":2,\"rate_per_second\":50}",
              targets.url("/ok"), targets.url("/error"));
      String testId = client.post("/api/test/start", body).json().get("test_id").asText();
      ServiceClient.LiveStream stream = client.openStream("?test_id=" + testId);
      ServiceClient.Answer early = client.get("/api/test/" + testId + "/results.csv");
      assertEquals(
          409,
          early.status(),
          early.raw().body() + client.get("/api/test/status/" + testId).raw().body());
      stream.collect(type("TestCompleted"), 2, Duration.ofSeconds(15));
      stream.close();

      ServiceClient.Answer csv = client.get("/api/test/" + testId + "/results.csv");
      JsonNode json = client.get("/api/test/" + testId + "/results.json").json();
      ServiceClient.Answer seriesCsv = client.get("/api/test/" + testId + "/timeseries.csv");
      JsonNode series = client.get("/api/test/" + testId + "/timeseries").json();

      assertTrue(csv.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
      List<List<String>> rows = parse(csv.raw().body());
      List<String> header = rows.get(0);
      assertEquals(3, rows.size(), "a header and one row per target");
      for (int r = 0; r < 2; r++) {
        JsonNode results = json.get("results").get(r);
        List<String> row = rows.get(r + 1);
        assertEquals(header.size(), row.size());
        for (int c = 0; c < header.size(); c++) {
          String name = header.get(c);
          JsonNode expected =
              name.equals("generator_verdict")
                  ? results.at("/generator/verdict")
                  : results.get(name);
          if (expected.isNumber()) {
            assertEquals(expected.asDouble(), Double.parseDouble(row.get(c)), 0, name);
          } else {
            assertEquals(expected.asText(), row.get(c), name);
          }
        }
      }
      List<String> failing = rows.get(2);
      assertEquals(
          failing.get(header.indexOf("total_requests")),
          failing.get(header.indexOf("failed_requests")));
      assertTrue(Long.parseLong(failing.get(header.indexOf("failed_requests"))) > 0);
      assertTrue(
          rows.get(2).get(header.indexOf("url")).endsWith("?a=1,b=2"), "a quoted comma survives");

      List<List<String>> points = parse(seriesCsv.raw().body());
      List<String> columns = points.get(0);
      int i = 1;
      for (JsonNode target : series.get("targets")) {
        for (JsonNode point : target.get("points")) {
          List<String> row = points.get(i++);
          assertEquals(target.get("name").asText(), row.get(0));
          for (int c = 1; c < columns.size(); c++) {
            assertEquals(point.get(columns.get(c)).asText(), row.get(c), columns.get(c));
          }
        }
      }
      assertEquals(points.size(), i, "every point, nothing more");
      assertTrue(i > 4);
    } finally {
      service.stop();
    }
  }
}
