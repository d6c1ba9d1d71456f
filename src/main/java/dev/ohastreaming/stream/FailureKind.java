package dev.ohastreaming.stream;

/**
 * Why a request got no HTTP response. Each kind is a key of {@code error_types}.
 *
 * <p>The set is finer than "connection error" on purpose: a refused connection (nothing listening),
 * a reset (the server or a proxy dropped the connection), a timeout (the server was too slow), a
 * TLS or DNS failure (configuration) and a malformed response (a broken server) point at different
 * fixes.
 */
public enum FailureKind {
  /** No response within the request timeout. */
  TIMEOUT("Timeout"),
  /** The connection was refused: nothing listens on the target port. */
  CONNECTION_REFUSED("ConnectionRefused"),
  /** The peer closed or reset the connection before the response was complete. */
  CONNECTION_RESET("ConnectionReset"),
  /** The TLS handshake failed (untrusted certificate, wrong host name, protocol mismatch). */
  TLS("TlsError"),
  /** The target host name did not resolve. */
  DNS("DnsError"),
  /** The response was not valid HTTP/1.1. */
  INVALID_RESPONSE("InvalidResponse"),
  /** Anything else. */
  OTHER("Other");

  private final String wireName;

  FailureKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name used as the {@code error_types} key. */
  public String wireName() {
    return wireName;
  }
}
