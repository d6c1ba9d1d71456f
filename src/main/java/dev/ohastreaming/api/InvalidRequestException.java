package dev.ohastreaming.api;

/**
 * A start request that cannot be run, with the request field to fix.
 *
 * <p>Thrown by {@link StartRequestParser} and turned into a {@code 400} with body {@code {"error":
 * message, "field": field}} by the routes.
 */
public final class InvalidRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the JSON field at fault, or {@code null} when the request as a whole is
   * @param message what is wrong and what would be accepted
   */
  public InvalidRequestException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The JSON field at fault, or {@code null}. */
  public String field() {
    return field;
  }
}
