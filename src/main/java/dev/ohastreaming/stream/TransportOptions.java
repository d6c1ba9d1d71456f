package dev.ohastreaming.stream;

import java.time.Duration;
import javax.net.ssl.X509TrustManager;

/**
 * How a transport connects.
 *
 * @param connections connections to open to the target, and the most requests in flight (1 or more)
 * @param requestTimeout how long a request may wait for its complete response once sent
 * @param trustManager certificates trusted for https targets
 * @param verifyHostname whether the certificate must match the target host name; false only for
 *     tests that asked for {@code insecure}
 */
public record TransportOptions(
    int connections,
    Duration requestTimeout,
    X509TrustManager trustManager,
    boolean verifyHostname) {

  public TransportOptions {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1: " + connections);
    }
  }
}
