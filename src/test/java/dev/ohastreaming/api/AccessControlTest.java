package dev.ohastreaming.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bearer token guards start and stop (and reads when asked), and targets obey the allow-list.
 */
class AccessControlTest {

  private static final String TOKEN = "s3cret-token";
  private static final String START =
      "{\"node_url\":\"http://127.0.0.1:9/\",\"duration_seconds\":0.2,\"rate_per_second\":1}";

  private static OhaService open;
  private static OhaService guarded;

  @BeforeAll
  static void start() {
    open =
        OhaService.start(
            TestConfig.with(
                "oha.auth.token = \"" + TOKEN + "\"\noha.auth.allowed-targets = \"127.0.0.1\""));
    guarded =
        OhaService.start(
            TestConfig.with("oha.auth.token = \"" + TOKEN + "\"\noha.auth.protect-reads = true"));
  }

  @AfterAll
  static void stop() {
    open.stop();
    guarded.stop();
  }

  private static ServiceClient.Answer post(OhaService service, String path, String auth)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base(service) + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(START));
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return new ServiceClient(service.address().getPort()).send(request);
  }

  private static ServiceClient.Answer get(OhaService service, String path, String auth)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(service) + path)).GET();
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return new ServiceClient(service.address().getPort()).send(request);
  }

  private static String base(OhaService service) {
    return "http://127.0.0.1:" + service.address().getPort();
  }

  @Test
  void startAndStopNeedTheBearerToken() throws Exception {
    for (String wrong :
        new String[] {null, "Bearer nope", "Basic " + TOKEN, "Bearer " + TOKEN + "x"}) {
      ServiceClient.Answer start = post(open, "/api/test/start", wrong);
      ServiceClient.Answer stop = post(open, "/api/test/stop/some-id", wrong);

      assertEquals(401, start.status(), String.valueOf(wrong));
      assertEquals("authorization", start.json().get("field").asText());
      assertFalse(start.raw().body().contains(TOKEN), "the token is never echoed");
      assertEquals(401, stop.status());
    }
    ServiceClient.Answer started = post(open, "/api/test/start", "Bearer " + TOKEN);
    ServiceClient.Answer stopped =
        post(open, "/api/test/stop/" + started.json().get("test_id").asText(), "bearer " + TOKEN);

    assertEquals(200, started.status(), started.raw().body());
    assertEquals(200, stopped.status(), stopped.raw().body());
  }

  @Test
  void readsStayOpenUnlessProtectReadsIsOn() throws Exception {
    assertEquals(200, get(open, "/api/tests", null).status());
    assertEquals(200, get(open, "/health", null).status());
    assertEquals(401, get(guarded, "/api/tests", null).status());
    assertEquals(401, get(guarded, "/api/test/status/x", null).status());
    assertEquals(401, get(guarded, "/ws", null).status());
    assertEquals(200, get(guarded, "/api/tests", "Bearer " + TOKEN).status());
    assertEquals(200, get(guarded, "/api/tests?access_token=" + TOKEN, null).status());
    assertEquals(200, get(guarded, "/health", null).status(), "health stays open for probes");
  }

  @Test
  void aTargetOutsideTheAllowListIsABadRequestNamingTheUrlField() throws Exception {
    ServiceClient client = new ServiceClient(open.address().getPort());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base(open) + "/api/test/start"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + TOKEN)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"node_url\":\"http://127.0.0.1:9/\","
                        + "\"targets\":[{\"name\":\"x\",\"url\":\"http://localhost:9/\"}]}"));

    ServiceClient.Answer answer = client.send(request);

    assertEquals(400, answer.status(), answer.raw().body());
    assertEquals("targets[0].url", answer.json().get("field").asText());
  }

  @Test
  void allowListPatternsMatchWholeHostsOrSubdomains() {
    TargetAllowList list = new TargetAllowList(List.of("*.railway.app", "127.0.0.1", "[::1]"));

    list.check(URI.create("https://node.up.railway.app/x"), "node_url");
    list.check(URI.create("http://127.0.0.1:8080/"), "node_url");
    list.check(URI.create("http://[::1]:8080/"), "node_url");
    list.check(URI.create("https://NODE.Railway.App/"), "node_url");
    for (String url :
        List.of(
            "https://railway.app/",
            "https://evilrailway.app/",
            "https://railway.app.evil.com/",
            "http://127.0.0.10/")) {
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class, () -> list.check(URI.create(url), "bun_url"), url);
      assertEquals("bun_url", e.field());
    }
    new TargetAllowList(List.of()).check(URI.create("http://anything.example/"), "node_url");
  }
}
