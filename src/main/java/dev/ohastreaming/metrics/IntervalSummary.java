package dev.ohastreaming.metrics;

import java.util.Map;

/**
 * What one target did during one reporting interval (or any span: summaries add up).
 *
 * @param sent requests handed to the transport
 * @param succeeded requests answered 2xx or 3xx
 * @param failed requests answered otherwise or not answered
 * @param errorTypes failed requests by {@code error_types} key
 * @param statusCodes responses by HTTP status
 * @param responseTime from planned send to last byte (coordinated-omission corrected)
 * @param serviceTime from actual send to last byte
 * @param sendLag from planned to actual send
 */
public record IntervalSummary(
    long sent,
    long succeeded,
    long failed,
    Map<String, Long> errorTypes,
    Map<Integer, Long> statusCodes,
    HistogramSnapshot responseTime,
    HistogramSnapshot serviceTime,
    HistogramSnapshot sendLag) {

  private static final IntervalSummary EMPTY =
      new IntervalSummary(
          0,
          0,
          0,
          Map.of(),
          Map.of(),
          HistogramSnapshot.empty(),
          HistogramSnapshot.empty(),
          HistogramSnapshot.empty());

  public IntervalSummary {
    errorTypes = Map.copyOf(errorTypes);
    statusCodes = Map.copyOf(statusCodes);
  }

  /** A summary of nothing. */
  public static IntervalSummary empty() {
    return EMPTY;
  }

  /** Requests that finished, one way or the other. */
  public long completed() {
    return succeeded + failed;
  }
}
