package dev.ohastreaming;

import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import dev.ohastreaming.api.HttpApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Properties;

/**
 * One running service: the {@link LoadEngine} with the HTTP API bound in front of it.
 *
 * <p>{@link #start} is the whole wiring of the application, used by {@link Main} and by the
 * end-to-end tests alike. On shutdown, running tests are stopped and saved first (see {@link
 * ServiceShutdown}).
 */
public final class OhaService {

  private final LoadEngine engine;
  private final ServerBinding binding;

  private OhaService(LoadEngine engine, ServerBinding binding) {
    this.engine = engine;
    this.binding = binding;
  }

  /**
   * Starts the service with {@code config} and waits until its API is bound.
   *
   * @throws IllegalStateException when the port cannot be bound or the actors do not start
   */
  public static OhaService start(Config config) {
    LoadEngine engine = LoadEngine.start(config, true);
    ServiceShutdown.register(engine);
    try {
      ServerBinding binding =
          LoadEngine.await(
              HttpApi.bind(
                  engine.system(),
                  engine.settings(),
                  engine.supervisor(),
                  engine.hub(),
                  version(),
                  engine.settings().host(),
                  engine.settings().port()));
      return new OhaService(engine, binding);
    } catch (RuntimeException e) {
      engine.stop();
      throw e;
    }
  }

  /** The address the API listens on. */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** The engine behind the API. */
  public LoadEngine engine() {
    return engine;
  }

  /** Stops the service and waits for its actor system to terminate. */
  public void stop() {
    engine.stop();
  }

  /** The service's version, from the build. */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in =
        OhaService.class.getResourceAsStream("/oha-streaming-service.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "0.0.0";
    }
    return properties.getProperty("version", "0.0.0");
  }
}
