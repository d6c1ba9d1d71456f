package dev.ohastreaming.stream;

import java.net.URI;
import java.util.List;

/**
 * The request every element of a target's schedule sends.
 *
 * @param method HTTP method, upper case
 * @param uri absolute {@code http} or {@code https} URI with a host
 * @param headers extra request headers, in order
 * @param body request body; empty for none
 */
public record RequestTemplate(String method, URI uri, List<HeaderField> headers, byte[] body) {

  /** One request header. */
  public record HeaderField(String name, String value) {}

  public RequestTemplate {
    headers = List.copyOf(headers);
    body = body.clone();
  }

  /** True when the URI scheme is {@code https}. */
  public boolean secure() {
    return "https".equalsIgnoreCase(uri.getScheme());
  }

  /** The port to connect to, defaulting by scheme. */
  public int port() {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return secure() ? 443 : 80;
  }

  /** Path and query as sent on the request line; {@code /} when the URI has no path. */
  public String pathAndQuery() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** The body; callers must not modify the returned array. */
  @Override
  public byte[] body() {
    return body;
  }
}
