package dev.ohastreaming.api;

import static dev.ohastreaming.testing.ServiceClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.SelfSignedCertificate;
import dev.ohastreaming.testing.ServiceClient;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https targets: trusted through the configured CA file, or skipped checks when allowed. */
class TlsTargetTest {

  @TempDir static Path directory;
  private static SelfSignedCertificate certificate;
  private static OhaService withCa;
  private static OhaService withoutCa;
  private static TestTargets https;

  @BeforeAll
  static void start() throws Exception {
    certificate = SelfSignedCertificate.generate(directory);
    withCa =
        OhaService.start(
            TestConfig.with(
                "oha.tls.extra-ca-file = \""
                    + certificate.certificatePem()
                    + "\"\n"
                    + "oha.tls.allow-insecure = true"));
    withoutCa = OhaService.start(TestConfig.with("oha.tls.allow-insecure = true"));
    https = TestTargets.startHttps(withCa.engine().system(), certificate.serverContext());
  }

  @AfterAll
  static void stop() throws Exception {
    https.close();
    withCa.stop();
    withoutCa.stop();
  }

  private static JsonNode runOnce(OhaService service, String url, boolean insecure)
      throws Exception {
    ServiceClient client = new ServiceClient(service.address().getPort());
    ServiceClient.LiveStream stream = client.openStream("");
    String body =
        String.format(
            "{\"node_url\":\"%s\",\"duration_seconds\":2,\"rate_per_second\":20,"
                + "\"insecure\":%s}",
            url, insecure);
    ServiceClient.Answer started = client.post("/api/test/start", body);
    assertEquals(200, started.status(), started.raw().body());
    List<JsonNode> messages = stream.collect(type("TestCompleted"), 1, Duration.ofSeconds(20));
    stream.close();
    return messages.get(messages.size() - 1).get("results");
  }

  @Test
  void configuredCaMakesTheSelfSignedServerTrusted() throws Exception {
    JsonNode results = runOnce(withCa, "https://localhost:" + https.port() + "/ok", false);

    // Handshakes of a cold JVM can be slow enough to leave some of the schedule unsent.
    assertEquals(0, results.get("failed_requests").asLong(), results.toString());
    assertTrue(results.get("successful_requests").asLong() > 0, results.toString());
  }

  @Test
  void withoutTheCaTheHandshakeFailsAndIsCountedAsTlsError() throws Exception {
    JsonNode results = runOnce(withoutCa, "https://localhost:" + https.port() + "/ok", false);

    assertEquals(0, results.get("successful_requests").asLong(), results.toString());
    assertTrue(results.at("/error_types/TlsError").asLong() > 0, results.toString());
  }

  @Test
  void insecureSkipsCertificateChecksWhenTheServiceAllowsIt() throws Exception {
    JsonNode results = runOnce(withoutCa, "https://127.0.0.1:" + https.port() + "/ok", true);

    assertEquals(0, results.get("failed_requests").asLong(), results.toString());
    assertTrue(results.get("successful_requests").asLong() > 0, results.toString());
  }
}
