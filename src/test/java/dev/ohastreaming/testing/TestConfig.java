package dev.ohastreaming.testing;

import com.typesafe.config.Config;
import dev.ohastreaming.config.ServiceConfig;

/**
 * Configuration for tests: the service on a free loopback port, keeping tests in memory only (a
 * test that persists sets {@code oha.store.data-dir}), with overrides.
 */
public final class TestConfig {

  private TestConfig() {}

  /** The service's configuration with {@code overrides} (HOCON) applied on top. */
  public static Config with(String overrides) {
    // Later keys win in HOCON: the test's own overrides come after these defaults.
    return ServiceConfig.load(
        "oha.http.host = 127.0.0.1\noha.http.port = 0\noha.store.data-dir = \"\"\n" + overrides);
  }
}
