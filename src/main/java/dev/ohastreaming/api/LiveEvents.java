package dev.ohastreaming.api;

import akka.NotUsed;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.japi.pf.PFBuilder;
import akka.stream.Materializer;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ohastreaming.hub.EventHub;
import dev.ohastreaming.hub.SlowSubscriberException;
import dev.ohastreaming.metrics.RunEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket side of {@code /ws}: one flow per connection, fed by the {@link EventHub}.
 *
 * <p>Each message is one JSON text frame in the original service's shapes. A connection first
 * receives a {@code Snapshot} of the running tests (unless it asked {@code snapshot=false}), then
 * live messages. It may ask for one test only ({@code /ws?test_id=…}); otherwise it receives every
 * test's messages. A client may change that at any time by sending {@code {"subscribe":"ID"}} or
 * {@code {"subscribe":null}} (all tests), and receives a new {@code Snapshot} for it; anything else
 * it sends is read and ignored.
 *
 * <p>A slow client only loses its own oldest progress messages (see {@link EventHub}). One that
 * stays behind for longer than the hub allows receives a {@code Disconnected} message with the
 * reason, and the connection is closed normally: Akka HTTP 10.2 has no API for a close frame's code
 * and reason. The hub stops feeding it at once even if the client never reads that message.
 */
final class LiveEvents {

  private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

  /** Longest client text message read; the rest of a longer one is ignored (characters). */
  private static final int MAX_CLIENT_TEXT = 4096;

  private final EventHub hub;
  private final Materializer materializer;
  private final int snapshotSeriesPoints;

  /**
   * @param snapshotSeriesPoints most points per target series in a snapshot, at least 4
   */
  LiveEvents(EventHub hub, Materializer materializer, int snapshotSeriesPoints) {
    this.hub = hub;
    this.materializer = materializer;
    this.snapshotSeriesPoints = snapshotSeriesPoints;
  }

  /** The WebSocket message that says why a connection is being closed. */
  record Disconnected(String type, String reason, String timestamp) {}

  /**
   * The flow of one connection.
   *
   * @param testId the initial filter, empty for every test
   * @param snapshot whether the connection starts with a {@code Snapshot}
   */
  Flow<Message, Message, NotUsed> flow(Optional<String> testId, boolean snapshot) {
    AtomicReference<String> filter = new AtomicReference<>(testId.orElse(null));
    Source<Message, NotUsed> live =
        hub.subscribe()
            .filter(event -> matches(filter.get(), event))
            .map(event -> text(WireFormat.message(event)))
            .recover(
                new PFBuilder<Throwable, Message>()
                    .match(SlowSubscriberException.class, this::disconnect)
                    .build());
    Source<Message, NotUsed> first =
        snapshot ? Source.lazySingle(() -> snapshot(filter.get())) : Source.empty();
    return Flow.<Message>create()
        .mapAsync(1, this::readText)
        .mapConcat(LiveEvents::subscription)
        .map(
            subscription -> {
              filter.set(subscription.testId());
              return snapshot(subscription.testId());
            })
        .merge(live, true)
        .prepend(first);
  }

  /** A client's request to change its filter; {@code testId} null for every test. */
  record Subscription(String testId) {}

  /** The subscription {@code text} asks for, if it is one. */
  static List<Subscription> subscription(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    try {
      JsonNode node = JsonSupport.mapper().readTree(text);
      JsonNode subscribe = node == null ? null : node.get("subscribe");
      if (subscribe == null || !(subscribe.isNull() || subscribe.isTextual())) {
        return List.of();
      }
      return List.of(new Subscription(subscribe.isNull() ? null : subscribe.asText()));
    } catch (Exception e) {
      log.debug("Ignoring a client message that is not JSON");
      return List.of();
    }
  }

  private static boolean matches(String filter, RunEvent event) {
    return filter == null || filter.equals(event.testId());
  }

  private Message snapshot(String filter) {
    return text(
        DashboardFormat.snapshot(
            filter,
            hub.timelines().running().stream()
                .filter(t -> filter == null || filter.equals(t.testId()))
                .toList(),
            snapshotSeriesPoints));
  }

  private Message disconnect(SlowSubscriberException e) {
    log.warn("Closing a WebSocket client that fell behind: {}", e.getMessage());
    return text(new Disconnected("Disconnected", e.getMessage(), Instant.now().toString()));
  }

  private static Message text(Object wire) {
    return TextMessage.create(JsonSupport.write(wire));
  }

  /** A client frame's text, read to its end; empty for binary frames and overlong text. */
  private CompletionStage<String> readText(Message message) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
      return CompletableFuture.completedFuture("");
    }
    return message
        .asTextMessage()
        .getStreamedText()
        .limitWeighted(MAX_CLIENT_TEXT, chunk -> (long) chunk.length())
        .runFold("", String::concat, materializer)
        .exceptionally(error -> "");
  }
}
