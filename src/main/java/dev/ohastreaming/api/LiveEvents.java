package dev.ohastreaming.api;

import akka.NotUsed;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.stream.Materializer;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import dev.ohastreaming.hub.EventHub;
import java.util.Optional;

/**
 * The WebSocket side of {@code /ws}: one flow per connection, fed by the {@link EventHub}.
 *
 * <p>Each message is one JSON text frame in the original service's shapes. A connection may ask for
 * one test only ({@code /ws?test_id=…}); otherwise it receives every test's messages. Whatever the
 * client sends is read and ignored. A slow client only loses its own oldest progress messages (see
 * {@link EventHub}); it is never disconnected for being slow.
 */
final class LiveEvents {

  private final EventHub hub;
  private final Materializer materializer;

  LiveEvents(EventHub hub, Materializer materializer) {
    this.hub = hub;
    this.materializer = materializer;
  }

  /** The flow of one connection, narrowed to {@code testId} when present. */
  Flow<Message, Message, NotUsed> flow(Optional<String> testId) {
    Source<Message, NotUsed> outgoing =
        hub.subscribe()
            .filter(event -> testId.isEmpty() || testId.get().equals(event.testId()))
            .map(event -> TextMessage.create(JsonSupport.write(WireFormat.message(event))));
    Sink<Message, ?> incoming = Sink.foreach(this::discard);
    return Flow.fromSinkAndSourceCoupled(incoming, outgoing);
  }

  /** Reads a client frame to its end so that the connection keeps flowing. */
  private void discard(Message message) {
    if (message.isText()) {
      message.asTextMessage().getStreamedText().runWith(Sink.ignore(), materializer);
    } else {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
    }
  }
}
