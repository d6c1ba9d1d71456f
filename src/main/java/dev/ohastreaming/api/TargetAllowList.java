package dev.ohastreaming.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a test may load ({@code oha.auth.allowed-targets}, {@code ALLOWED_TARGETS}), so that a
 * public service cannot be pointed at anyone else's server.
 *
 * <p>A pattern is a host name or address, matched whole and case-insensitively ({@code 127.0.0.1},
 * {@code api.example.com}), or {@code *.} and a domain, matching every host below that domain but
 * not the domain itself ({@code *.railway.app} matches {@code node.up.railway.app}). An empty list
 * allows every host. Only the host is checked: the port and path are free.
 */
final class TargetAllowList {

  private final List<String> patterns;

  TargetAllowList(List<String> patterns) {
    this.patterns = patterns.stream().map(TargetAllowList::normalized).toList();
  }

  /**
   * Passes when {@code uri}'s host is allowed.
   *
   * @throws InvalidRequestException naming {@code field} otherwise
   */
  void check(URI uri, String field) {
    if (patterns.isEmpty()) {
      return;
    }
    String host = normalized(uri.getHost());
    for (String pattern : patterns) {
      if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
        return;
      }
    }
    throw new InvalidRequestException(
        field, "the host '" + host + "' is not one this service may load (allowed targets)");
  }

  private static String normalized(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.startsWith("[") && lower.endsWith("]")
        ? lower.substring(1, lower.length() - 1)
        : lower;
  }
}
