package dev.ohastreaming.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets a 4xx with a JSON body naming what to fix, and starts nothing. */
class BadInputTest {

  private static OhaService service;
  private static ServiceClient client;

  @BeforeAll
  static void start() {
    service =
        OhaService.start(
            TestConfig.with(
                "oha.limits.max-connections = 100\n"
                    + "oha.limits.max-rate-per-second = 5000\n"
                    + "oha.limits.max-duration = 1h\n"
                    + "oha.limits.max-targets = 3\n"
                    + "oha.limits.max-body-bytes = 100\n"
                    + "oha.tls.allow-insecure = false"));
    client = new ServiceClient(service.address().getPort());
  }

  @AfterAll
  static void stop() {
    service.stop();
  }

  private static final String URL = "\"node_url\":\"http://127.0.0.1:9/\"";

  static Stream<Arguments> badStartBodies() {
    return Stream.of(
        Arguments.of("{", null),
        Arguments.of("not json", null),
        Arguments.of("[1,2]", null),
        Arguments.of("", null),
        Arguments.of("{}", "targets"),
        Arguments.of("{\"node_url\":\"\"}", "node_url"),
        Arguments.of("{\"node_url\":42}", "node_url"),
        Arguments.of("{\"node_url\":\"ftp://127.0.0.1/\"}", "node_url"),
        Arguments.of("{\"node_url\":\"127.0.0.1:80\"}", "node_url"),
        Arguments.of("{\"bun_url\":\"http://\"}", "bun_url"),
        Arguments.of("{\"bun_url\":\"http://exa mple/\"}", "bun_url"),
        Arguments.of("{\"bun_url\":\"http://u:p@127.0.0.1/\"}", "bun_url"),
        Arguments.of("{" + URL + ",\"duration_seconds\":0}", "duration_seconds"),
        Arguments.of("{" + URL + ",\"duration_seconds\":-5}", "duration_seconds"),
        Arguments.of("{" + URL + ",\"duration_seconds\":\"60\"}", "duration_seconds"),
        Arguments.of("{" + URL + ",\"duration_seconds\":1e12}", "duration_seconds"),
        Arguments.of("{" + URL + ",\"connections\":0}", "connections"),
        Arguments.of("{" + URL + ",\"connections\":-1}", "connections"),
        Arguments.of("{" + URL + ",\"connections\":1.5}", "connections"),
        Arguments.of("{" + URL + ",\"connections\":101}", "connections"),
        Arguments.of("{" + URL + ",\"connections\":true}", "connections"),
        Arguments.of("{" + URL + ",\"rate_per_second\":0}", "rate_per_second"),
        Arguments.of("{" + URL + ",\"rate_per_second\":-10}", "rate_per_second"),
        Arguments.of("{" + URL + ",\"rate_per_second\":5001}", "rate_per_second"),
        Arguments.of("{" + URL + ",\"rate_per_second\":\"fast\"}", "rate_per_second"),
        Arguments.of("{" + URL + ",\"timeout_ms\":0}", "timeout_ms"),
        Arguments.of("{" + URL + ",\"timeout_ms\":999999999}", "timeout_ms"),
        Arguments.of("{" + URL + ",\"method\":\"BREW\"}", "method"),
        Arguments.of("{" + URL + ",\"method\":7}", "method"),
        Arguments.of("{" + URL + ",\"headers\":[\"a\"]}", "headers"),
        Arguments.of("{" + URL + ",\"headers\":{\"X-A\":1}}", "headers.X-A"),
        Arguments.of("{" + URL + ",\"headers\":{\"Bad Name\":\"v\"}}", "headers"),
        Arguments.of("{" + URL + ",\"headers\":{\"X-A\":\"a\\r\\nb\"}}", "headers.X-A"),
        Arguments.of(
            "{" + URL + ",\"headers\":{\"Content-Length\":\"5\"}}", "headers.Content-Length"),
        Arguments.of("{" + URL + ",\"body\":\"" + "x".repeat(101) + "\"}", "body"),
        Arguments.of("{" + URL + ",\"insecure\":\"yes\"}", "insecure"),
        Arguments.of("{" + URL + ",\"insecure\":true}", "insecure"),
        Arguments.of("{" + URL + ",\"warmup_seconds\":-1}", "warmup_seconds"),
        Arguments.of("{\"targets\":{}}", "targets"),
        Arguments.of("{\"targets\":[]}", "targets"),
        Arguments.of("{\"targets\":[\"http://127.0.0.1/\"]}", "targets[0]"),
        Arguments.of("{\"targets\":[{\"name\":\"a\"}]}", "targets[0].url"),
        Arguments.of("{\"targets\":[{\"url\":\"http://127.0.0.1/\"}]}", "targets[0].name"),
        Arguments.of(
            "{\"targets\":[{\"name\":\"a b\",\"url\":\"http://127.0.0.1/\"}]}", "targets[0].name"),
        Arguments.of(
            "{\"targets\":[{\"name\":\"node\",\"url\":\"http://127.0.0.1/\"}]," + URL + "}",
            "node_url"),
        Arguments.of(
            "{\"targets\":["
                + "{\"name\":\"a\",\"url\":\"http://127.0.0.1/\"},"
                + "{\"name\":\"b\",\"url\":\"http://127.0.0.1/\"},"
                + "{\"name\":\"c\",\"url\":\"http://127.0.0.1/\"},"
                + "{\"name\":\"d\",\"url\":\"http://127.0.0.1/\"}]}",
            "targets"),
        Arguments.of("{" + URL + ",\"stages\":[]}", "stages"),
        Arguments.of(
            "{" + URL + ",\"stages\":[{\"rate_per_second\":10}]}", "stages[0].duration_seconds"),
        Arguments.of(
            "{" + URL + ",\"stages\":[{\"duration_seconds\":5,\"rate_per_second\":-1}]}",
            "stages[0].rate_per_second"),
        Arguments.of(
            "{"
                + URL
                + ",\"duration_seconds\":10,"
                + "\"stages\":[{\"duration_seconds\":5,\"rate_per_second\":10}]}",
            "duration_seconds"));
  }

  @ParameterizedTest
  @MethodSource("badStartBodies")
  void badStartBodyIsRejectedWithTheFieldToFix(String body, String field) throws Exception {
    int testsBefore = client.get("/api/tests").json().get("tests").size();

    ServiceClient.Answer answer = client.post("/api/test/start", body);

    assertEquals(400, answer.status(), answer.raw().body());
    JsonNode json = answer.json();
    assertTrue(json.get("error").isTextual() && !json.get("error").asText().isBlank());
    if (field == null) {
      assertTrue(json.get("field").isNull(), json.toString());
    } else {
      assertEquals(field, json.get("field").asText(), json.toString());
    }
    assertFalse(answer.raw().body().contains("Exception"), "no stack trace in " + json);
    assertEquals(testsBefore, client.get("/api/tests").json().get("tests").size());
  }

  private static final List<String> FIELDS =
      List.of(
          "node_url",
          "bun_url",
          "targets",
          "duration_seconds",
          "connections",
          "rate_per_second",
          "stages",
          "warmup_seconds",
          "method",
          "headers",
          "body",
          "timeout_ms",
          "insecure");
  private static final List<String> HOSTILE_VALUES =
      List.of(
          "null",
          "true",
          "-1",
          "0",
          "1e308",
          "-1e308",
          "9223372036854775808",
          "1.5",
          "\"\"",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"" + "x".repeat(5000) + "\"",
          "[]",
          "{}",
          "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
          "{\"url\":{\"url\":{}}}",
          "[{\"name\":null,\"url\":[]}]",
          "[{\"duration_seconds\":\"1\",\"rate_per_second\":{}}]",
          "{\"X-A\":null,\"\":\"v\"}",
          "\"http://[::1\"",
          "\"http://127.0.0.1:99999/\"",
          "\"javascript:alert(1)\"");

  /** Every field with every hostile value, over a base that would otherwise start a short test. */
  static List<String> generatedBodies() {
    List<String> bodies = new ArrayList<>();
    for (String field : FIELDS) {
      for (String value : HOSTILE_VALUES) {
        bodies.add(
            "{\"node_url\":\"http://127.0.0.1:9/\",\"duration_seconds\":0.05,\""
                + field
                + "\":"
                + value
                + "}");
      }
    }
    for (String value : HOSTILE_VALUES) {
      bodies.add(value);
      bodies.add("{\"targets\":[" + value + "]}");
    }
    bodies.add("{".repeat(10_000));
    bodies.add("{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}");
    bodies.add("\u0000\u0001\u0002");
    return bodies;
  }

  static List<String> hostilePaths() {
    List<String> paths = new ArrayList<>();
    for (String id :
        List.of(
            "..",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "%00",
            "%ff%fe",
            "a".repeat(3000),
            "%3Cscript%3E",
            "'%20OR%201=1")) {
      paths.add("/api/test/status/" + id);
      paths.add("/api/test/" + id + "/node.hlog");
      paths.add("/api/test/x/" + id + ".hlog");
      paths.add("/ws?test_id=" + id);
    }
    paths.add("/api/test/status/");
    paths.add("/api//test//status//x");
    paths.add("/api/tests?limit=-1");
    return paths;
  }

  @Test
  void noGeneratedBadInputGetsA5xxAndTheServiceStaysHealthy() throws Exception {
    List<String> failures = new ArrayList<>();
    List<String> bodies = generatedBodies();
    for (String body : bodies) {
      for (String path : List.of("/api/test/start", "/api/test/stop/x")) {
        int status = client.post(path, body).status();
        if (status >= 500) {
          failures.add(
              status + " POST " + path + " " + body.substring(0, Math.min(80, body.length())));
        }
      }
    }
    for (String path : hostilePaths()) {
      for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
        int status =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base() + path))
                        .method(method, HttpRequest.BodyPublishers.ofString("{")))
                .status();
        if (status >= 500) {
          failures.add(status + " " + method + " " + path);
        }
      }
    }
    for (String contentType :
        List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "a")) {
      int status =
          client
              .send(
                  HttpRequest.newBuilder(URI.create(base() + "/api/test/start"))
                      .header("Content-Type", contentType)
                      .header("X-Forwarded-For", "\u00ff".repeat(100))
                      .POST(HttpRequest.BodyPublishers.ofString("{}")))
              .status();
      if (status >= 500) {
        failures.add(status + " Content-Type " + contentType);
      }
    }

    assertTrue(bodies.size() > 300, "a sweep of hundreds: " + bodies.size());
    assertTrue(failures.isEmpty(), failures.size() + " answers were 5xx: " + failures);
    assertEquals("healthy", client.get("/health").json().get("status").asText());
  }

  private static String base() {
    return "http://127.0.0.1:" + service.address().getPort();
  }

  @Test
  void unknownTestIdsAre404WithJson() throws Exception {
    ServiceClient.Answer status = client.get("/api/test/status/no-such-test");
    ServiceClient.Answer stop = client.post("/api/test/stop/no-such-test", "");

    assertEquals(404, status.status());
    assertEquals("test_id", status.json().get("field").asText());
    assertEquals(404, stop.status());
    assertEquals("test_id", stop.json().get("field").asText());
  }

  @Test
  void unknownRoutesAndWrongMethodsAnswerJsonErrors() throws Exception {
    ServiceClient.Answer missing = client.get("/api/nope");
    ServiceClient.Answer wrongMethod = client.get("/api/test/start");
    ServiceClient.Answer noUpgrade = client.get("/ws");

    assertEquals(404, missing.status());
    assertTrue(missing.json().get("error").isTextual());
    assertEquals(405, wrongMethod.status());
    assertTrue(wrongMethod.json().get("error").isTextual());
    assertEquals(400, noUpgrade.status());
    assertTrue(noUpgrade.json().get("error").isTextual());
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    ServiceClient.Answer answer =
        client.post("/api/test/start", "{\"x\":\"" + "y".repeat(3_000_000) + "\"}");

    assertEquals(413, answer.status());
    assertTrue(answer.json().get("error").isTextual(), answer.raw().body());
  }

  @Test
  void corsAllowsAnyOriginForGetAndPost() throws Exception {
    ServiceClient.Answer preflight =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + service.address().getPort() + "/api/test/start"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://dashboard.example")
                .header("Access-Control-Request-Method", "POST"));
    ServiceClient.Answer health = client.get("/health");

    assertTrue(preflight.status() < 300, "preflight " + preflight.status());
    assertEquals("*", preflight.raw().headers().firstValue("access-control-allow-origin").get());
    assertTrue(
        preflight
            .raw()
            .headers()
            .firstValue("access-control-allow-methods")
            .get()
            .contains("POST"));
    assertEquals("*", health.raw().headers().firstValue("access-control-allow-origin").get());
  }

  @Test
  void healthAndServiceInfoAnswerAsTheOriginalDid() throws Exception {
    JsonNode health = client.get("/health").json();
    JsonNode info = client.get("/").json();

    assertEquals("healthy", health.get("status").asText());
    assertEquals("oha-streaming-service", health.get("service").asText());
    assertTrue(health.get("version").asText().matches("\\d+\\.\\d+\\.\\d+"), health.toString());
    java.time.Instant.parse(health.get("timestamp").asText());
    assertEquals("oha-streaming-service", info.get("service").asText());
  }
}
