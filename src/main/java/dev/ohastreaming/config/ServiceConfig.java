package dev.ohastreaming.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Loads the service's configuration: system properties, then {@code application.conf} (or {@code
 * -Dconfig.file}), then the service's Akka settings ({@code oha-akka.conf}), then every library's
 * {@code reference.conf}.
 *
 * <p>The service's Akka settings (1 ms scheduler ticks for the request schedule, SLF4J logging, the
 * request size limit) cannot live in the service's own {@code reference.conf}: the shaded jar
 * concatenates all {@code reference.conf} files, ours first, so Akka's defaults would override
 * them.
 */
public final class ServiceConfig {

  private static final String AKKA_SETTINGS = "oha-akka.conf";

  private ServiceConfig() {}

  /** The resolved configuration of the service. */
  public static Config load() {
    return withServiceDefaults(ConfigFactory.defaultApplication());
  }

  /**
   * The configuration with {@code overrides} (HOCON) in front of {@code application.conf}, resolved
   * only after layering, so that substitutions such as the shutdown phase's timeout follow the
   * overrides.
   */
  public static Config load(String overrides) {
    return withServiceDefaults(
        ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultApplication()));
  }

  /** {@code overrides} in front of the service's defaults, resolved. */
  public static Config withServiceDefaults(Config overrides) {
    return ConfigFactory.defaultOverrides()
        .withFallback(overrides)
        .withFallback(
            ConfigFactory.parseResources(ServiceConfig.class.getClassLoader(), AKKA_SETTINGS))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
