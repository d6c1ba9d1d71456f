package dev.ohastreaming.stream;

/**
 * What happened to one request: the three instants the metrics need and how it ended.
 *
 * <p>All instants are {@link System#nanoTime()} readings. Response time is {@code completedNanos -
 * plannedNanos} (corrected for coordinated omission), service time is {@code completedNanos -
 * sentNanos}, send lag is {@code sentNanos - plannedNanos}.
 *
 * @param plannedNanos when the schedule wanted the request sent
 * @param sentNanos when the transport took the request for sending
 * @param completedNanos when the last byte of the response arrived or the request failed
 * @param statusCode the HTTP status, or 0 when no response was received
 * @param failure why no response was received, or {@code null} when one was
 * @param warmup true when the request belongs to the warm-up phase
 */
public record Outcome(
    long plannedNanos,
    long sentNanos,
    long completedNanos,
    int statusCode,
    FailureKind failure,
    boolean warmup) {

  /** An outcome for a request that received an HTTP response with {@code statusCode}. */
  public static Outcome response(PlannedRequest request, long sentNanos, long nowNanos, int code) {
    return new Outcome(request.plannedNanos(), sentNanos, nowNanos, code, null, request.warmup());
  }

  /** An outcome for a request that got no response. */
  public static Outcome failed(
      PlannedRequest request, long sentNanos, long nowNanos, FailureKind failure) {
    return new Outcome(request.plannedNanos(), sentNanos, nowNanos, 0, failure, request.warmup());
  }

  /** True for a 2xx or 3xx response: redirects are not followed and count as answered. */
  public boolean succeeded() {
    return failure == null && statusCode >= 200 && statusCode < 400;
  }

  /**
   * The {@code error_types} key of a failed request: {@code HTTP_<code>} for a response outside
   * 2xx/3xx, otherwise the failure kind's name; {@code null} for a success.
   */
  public String errorType() {
    if (failure != null) {
      return failure.wireName();
    }
    if (succeeded()) {
      return null;
    }
    return statusCode >= 0 && statusCode < HTTP_KEYS.length
        ? HTTP_KEYS[statusCode]
        : "HTTP_" + statusCode;
  }

  /** {@code HTTP_<code>} keys built once, so that a failing run allocates no string per request. */
  private static final String[] HTTP_KEYS = new String[600];

  static {
    for (int code = 0; code < HTTP_KEYS.length; code++) {
      HTTP_KEYS[code] = "HTTP_" + code;
    }
  }
}
