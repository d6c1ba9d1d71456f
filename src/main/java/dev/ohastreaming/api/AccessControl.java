package dev.ohastreaming.api;

import akka.http.javadsl.marshalling.Marshaller;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import dev.ohastreaming.config.ServiceSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The optional bearer token of the API ({@code oha.auth.token}, {@code API_TOKEN}).
 *
 * <p>When a token is set, {@link #write} routes (start, stop) answer 401 with a JSON error unless
 * the request carries {@code Authorization: Bearer <token>}; {@link #read} routes (status, lists,
 * interval logs, {@code /ws}) do so too when {@code oha.auth.protect-reads} is on, and also accept
 * the token as the {@code access_token} query parameter, since browsers cannot set headers on a
 * WebSocket. Without a token every route is open.
 *
 * <p>Tokens are compared through their SHA-256 digests with {@link MessageDigest#isEqual}, so the
 * time taken says nothing about the token; the token is never logged or echoed.
 */
final class AccessControl extends AllDirectives {

  private static final String BEARER = "Bearer ";

  private final Optional<byte[]> tokenDigest;
  private final boolean protectReads;
  private final Marshaller<Object, RequestEntity> json = JsonSupport.marshaller();

  AccessControl(ServiceSettings.Access access) {
    this.tokenDigest = access.token().map(AccessControl::digest);
    this.protectReads = access.protectReads();
  }

  /** {@code inner}, when the request may change state. */
  Route write(Supplier<Route> inner) {
    if (tokenDigest.isEmpty()) {
      return inner.get();
    }
    return optionalHeaderValueByName(
        "Authorization", header -> allowed(bearer(header)) ? inner.get() : unauthorized());
  }

  /** {@code inner}, when the request may read. */
  Route read(Supplier<Route> inner) {
    if (tokenDigest.isEmpty() || !protectReads) {
      return inner.get();
    }
    return optionalHeaderValueByName(
        "Authorization",
        header ->
            parameterOptional(
                "access_token",
                query -> allowed(bearer(header)) || allowed(query) ? inner.get() : unauthorized()));
  }

  private boolean allowed(Optional<String> given) {
    return given.isPresent() && MessageDigest.isEqual(tokenDigest.get(), digest(given.get()));
  }

  private static Optional<String> bearer(Optional<String> header) {
    return header
        .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        .map(value -> value.substring(BEARER.length()).trim());
  }

  private Route unauthorized() {
    return respondWithHeader(
        RawHeader.create("WWW-Authenticate", "Bearer"),
        () ->
            complete(
                StatusCodes.UNAUTHORIZED,
                new WireFormat.Error(
                    "this call needs the header Authorization: Bearer <token>", "authorization"),
                json));
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
