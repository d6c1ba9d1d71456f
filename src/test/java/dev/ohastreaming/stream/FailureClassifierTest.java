package dev.ohastreaming.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

  @Test
  void classifiesTheCauseChainNotJustTheOuterException() {
    assertEquals(
        FailureKind.CONNECTION_REFUSED,
        FailureClassifier.classify(
            new RuntimeException(
                "Tcp command failed", new ConnectException("Connection refused"))));
    assertEquals(
        FailureKind.DNS,
        FailureClassifier.classify(new IllegalStateException(new UnknownHostException("x"))));
    assertEquals(
        FailureKind.TLS,
        FailureClassifier.classify(new IOException(new SSLHandshakeException("PKIX path"))));
  }

  @Test
  void classifiesByMessageWhereTransportsHideTheType() {
    assertEquals(
        FailureKind.TIMEOUT,
        FailureClassifier.classify(
            new RuntimeException("TCP idle-timeout encountered on connection to [x]")));
    assertEquals(FailureKind.TIMEOUT, FailureClassifier.classify(new TimeoutException("whatever")));
    assertEquals(
        FailureKind.CONNECTION_RESET,
        FailureClassifier.classify(new IOException("Connection reset by peer")));
    assertEquals(
        FailureKind.CONNECTION_RESET,
        FailureClassifier.classify(
            new RuntimeException(
                "The http server closed the connection unexpectedly before delivering responses")));
    assertEquals(FailureKind.OTHER, FailureClassifier.classify(new RuntimeException("boom")));
  }

  @Test
  void outcomeNamesErrorTypesAsTheOriginalDid() {
    PlannedRequest request = new PlannedRequest(0, 0, false);

    assertEquals("HTTP_500", Outcome.response(request, 0, 1, 500).errorType());
    assertEquals("HTTP_404", Outcome.response(request, 0, 1, 404).errorType());
    assertEquals(null, Outcome.response(request, 0, 1, 204).errorType());
    assertEquals(null, Outcome.response(request, 0, 1, 301).errorType());
    assertEquals("Timeout", Outcome.failed(request, 0, 1, FailureKind.TIMEOUT).errorType());
  }
}
