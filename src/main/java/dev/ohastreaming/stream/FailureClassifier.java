package dev.ohastreaming.stream;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Maps a transport exception to a {@link FailureKind}.
 *
 * <p>Transports wrap the JDK's socket exceptions in their own types and messages (Akka's {@code
 * StreamTcpException}, Netty's {@code AnnotatedConnectException}), so this walks the whole cause
 * chain and looks at both types and messages; the first cause that says something definite wins.
 */
public final class FailureClassifier {

  private FailureClassifier() {}

  /** The kind of failure {@code error} stands for; {@link FailureKind#OTHER} if none fits. */
  public static FailureKind classify(Throwable error) {
    for (Throwable cause = error; cause != null; cause = next(cause)) {
      FailureKind kind = classifyOne(cause);
      if (kind != null) {
        return kind;
      }
    }
    return FailureKind.OTHER;
  }

  private static Throwable next(Throwable cause) {
    return cause.getCause() == cause ? null : cause.getCause();
  }

  private static FailureKind classifyOne(Throwable cause) {
    String type = cause.getClass().getName().toLowerCase(Locale.ROOT);
    String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    if (cause instanceof UnknownHostException || message.contains("unknownhost")) {
      return FailureKind.DNS;
    }
    if (cause instanceof SSLException || type.contains("ssl") || message.contains("handshake")) {
      return FailureKind.TLS;
    }
    if (cause instanceof TimeoutException
        || type.contains("timeout")
        || message.contains("idle-timeout")
        || message.contains("timed out")) {
      return FailureKind.TIMEOUT;
    }
    if (message.contains("connection refused")) {
      return FailureKind.CONNECTION_REFUSED;
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      return FailureKind.CONNECTION_REFUSED;
    }
    if (message.contains("reset")
        || message.contains("closed the connection")
        || message.contains("connection was closed")
        || message.contains("broken pipe")
        || message.contains("connection closed")
        || message.contains("premature")
        || type.contains("prematurechannelclosure")
        || type.contains("closedchannel")) {
      return FailureKind.CONNECTION_RESET;
    }
    if (type.contains("parsing")
        || type.contains("illegalresponse")
        || type.contains("decoderexception")
        || message.contains("illegal response")
        || message.contains("invalid http")) {
      return FailureKind.INVALID_RESPONSE;
    }
    return null;
  }
}
