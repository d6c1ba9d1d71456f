package dev.ohastreaming.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /openapi.json} and the routes describe each other; {@code /docs/} serves Swagger UI. */
class ApiDocumentTest {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  @TempDir static Path dataDir;

  private static OhaService service;
  private static TestTargets targets;
  private static ServiceClient client;
  private static JsonNode document;

  @BeforeAll
  static void start() throws Exception {
    service =
        OhaService.start(
            TestConfig.with(
                "oha.report-interval = 200ms\noha.store.data-dir = \"" + dataDir + "\""));
    targets = TestTargets.start(service.engine().system(), Duration.ZERO);
    client = new ServiceClient(service.address().getPort());
    ServiceClient.Answer answer = client.get("/openapi.json");
    assertEquals(200, answer.status());
    assertTrue(
        answer.raw().headers().firstValue("Content-Type").orElse("").contains("application/json"));
    document = answer.json();
  }

  @AfterAll
  static void stop() throws Exception {
    targets.close();
    service.stop();
  }

  @Test
  void everyDocumentedOperationAnswersWithADocumentedStatus() throws Exception {
    String testId = finishedTest("plain");
    List<String> called = new ArrayList<>();

    for (Map.Entry<String, JsonNode> path : fields(document.get("paths"))) {
      String concrete = path.getKey().replace("{test_id}", testId).replace("{target}", "plain");
      for (Map.Entry<String, JsonNode> operation : fields(path.getValue())) {
        if (!METHODS.contains(operation.getKey())) {
          continue;
        }
        String method = operation.getKey().toUpperCase();
        HttpRequest.Builder request =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.address().getPort() + concrete))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        int status = client.send(request).status();
        String where = method + " " + concrete + " answered " + status;

        assertNotEquals(404, status, where);
        assertTrue(operation.getValue().get("responses").has(String.valueOf(status)), where);
        called.add(method + " " + path.getKey());
      }
    }
    assertEquals(17, called.size(), "every route: " + called);
  }

  @Test
  void theServiceInfoListsExactlyTheDocumentedOperations() throws Exception {
    JsonNode info = client.get("/").json();
    Set<String> listed = new TreeSet<>();
    info.get("endpoints")
        .forEach(
            e -> listed.add(e.asText().replaceAll("\\[.*]", "").replaceAll(":(\\w+)", "{$1}")));
    Set<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : fields(document.get("paths"))) {
      for (Map.Entry<String, JsonNode> operation : fields(path.getValue())) {
        if (METHODS.contains(operation.getKey())) {
          documented.add(operation.getKey().toUpperCase() + " " + path.getKey());
        }
      }
    }

    assertEquals(documented, listed);
    assertEquals(info.get("version").asText(), document.at("/info/version").asText());
    assertTrue(document.get("openapi").asText().startsWith("3.0."));
  }

  @Test
  void everyReferenceOfTheDocumentResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);

    assertFalse(refs.isEmpty());
    for (String ref : refs) {
      assertTrue(ref.startsWith("#/"), ref);
      assertFalse(document.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
    }
  }

  @Test
  void swaggerUiIsServedFromTheJarOverTheDocument() throws Exception {
    ServiceClient.Answer redirect = client.get("/docs");
    ServiceClient.Answer page = client.get("/docs/");
    ServiceClient.Answer bundle = client.get("/docs/swagger-ui-bundle.js");
    ServiceClient.Answer css = client.get("/docs/swagger-ui.css");

    assertEquals(308, redirect.status());
    assertEquals("/docs/", redirect.raw().headers().firstValue("Location").orElse(""));
    assertEquals(200, page.status());
    assertTrue(page.raw().body().contains("swagger-ui-bundle.js"));
    assertTrue(page.raw().body().contains("\"../openapi.json\""));
    assertFalse(page.raw().body().contains("http"), "no network beyond the service");
    assertEquals(200, bundle.status());
    assertTrue(bundle.raw().body().length() > 100_000);
    assertEquals(200, css.status());
  }

  /** Runs a short test of one target named {@code name} and waits until it is finished. */
  private static String finishedTest(String name) throws Exception {
    String body =
        String.format(
            "{\"targets\":[{\"name\":\"%s\",\"url\":\"%s\"}],"
                + "\"duration_seconds\":0.5,\"connections\":1,\"rate_per_second\":20}",
            name, targets.url("/ok"));
    String testId = client.post("/api/test/start", body).json().get("test_id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      String status = client.get("/api/test/status/" + testId).json().get("status").asText();
      if (!status.equals("Running")) {
        return testId;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("test " + testId + " still running after 15 s");
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    it.forEachRemaining(fields::add);
    return fields;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.has("$ref")) {
      refs.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectRefs(child, refs));
  }
}
