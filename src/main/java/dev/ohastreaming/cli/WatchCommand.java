package dev.ohastreaming.cli;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.WebSocketRequest;
import akka.stream.Materializer;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import dev.ohastreaming.config.ServiceConfig;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code watch WS_URL}: prints every message of a service's {@code /ws} stream, one JSON object per
 * line, until the service closes the stream or the process is interrupted.
 */
public final class WatchCommand {

  private WatchCommand() {}

  /** Runs the command; returns the process exit code. */
  public static int run(List<String> args) throws Exception {
    if (args.size() != 1 || !args.get(0).startsWith("ws")) {
      System.err.println("usage: watch ws://HOST:PORT/ws[?test_id=ID]");
      return 2;
    }
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(), "watch", ServiceConfig.load("akka.loglevel = WARNING"));
    try {
      Materializer materializer = Materializer.matFromSystem(system);
      Sink<Message, CompletionStage<Done>> print =
          Sink.foreach(
              message ->
                  message
                      .asTextMessage()
                      .getStreamedText()
                      .runFold("", String::concat, materializer)
                      .thenAccept(System.out::println));
      Flow<Message, Message, CompletionStage<Done>> flow =
          Flow.fromSinkAndSourceMat(print, Source.maybe(), Keep.left());
      CompletionStage<Done> closed =
          Http.get(system)
              .singleWebSocketRequest(WebSocketRequest.create(args.get(0)), flow, materializer)
              .second();
      closed.toCompletableFuture().get();
      return 0;
    } finally {
      system.terminate();
    }
  }
}
