package dev.ohastreaming.api;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.stream.Materializer;
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.hub.EventHub;
import dev.ohastreaming.load.TestSupervisor;
import dev.ohastreaming.store.TestStore;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the service's routes to its HTTP port. */
public final class HttpApi {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration UNBIND_DEADLINE = Duration.ofSeconds(5);

  private HttpApi() {}

  /**
   * Serves the API on {@code host:port} (port 0 picks a free one) until the system terminates.
   *
   * @return the binding, failed when the port cannot be bound
   */
  public static CompletionStage<ServerBinding> bind(
      ActorSystem<?> system,
      ServiceSettings settings,
      ActorRef<TestSupervisor.Command> supervisor,
      EventHub hub,
      String version,
      String host,
      int port) {
    Materializer materializer = Materializer.matFromSystem(system);
    AccessControl access = new AccessControl(settings.access());
    ServiceRoutes routes =
        new ServiceRoutes(
            supervisor,
            system.scheduler(),
            ASK_TIMEOUT,
            new StartRequestParser(JsonSupport.mapper(), settings),
            new LiveEvents(hub, materializer, settings.live().snapshotSeriesPoints()),
            hub.timelines(),
            version,
            access,
            new StoreRoutes(settings.store().dataDir().map(TestStore::new), access),
            new MetricsRoutes(hub, access));
    return Http.get(system)
        .newServerAt(host, port)
        .bind(routes.routes())
        .whenComplete(
            (binding, error) -> {
              if (error == null) {
                binding.addToCoordinatedShutdown(UNBIND_DEADLINE, system);
                log.info("API listening on [{}]", binding.localAddress());
              }
            });
  }
}
