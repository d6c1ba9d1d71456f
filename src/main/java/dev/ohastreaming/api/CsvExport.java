package dev.ohastreaming.api;

import dev.ohastreaming.hub.TestTimelines;
import dev.ohastreaming.metrics.SeriesPoint;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A test's results and time series as CSV (RFC 4180: comma separated, CRLF line ends, a header row,
 * fields quoted when they hold a comma, a quote or a line break). Figures are written as the JSON
 * answers write them, so that both parse to the same numbers.
 */
final class CsvExport {

  private static final List<Column<WireFormat.Results>> RESULT_COLUMNS =
      List.of(
          column("runtime", WireFormat.Results::runtime),
          column("url", WireFormat.Results::url),
          column("total_requests", WireFormat.Results::totalRequests),
          column("successful_requests", WireFormat.Results::successfulRequests),
          column("failed_requests", WireFormat.Results::failedRequests),
          column("total_duration_seconds", WireFormat.Results::totalDurationSeconds),
          column("requests_per_second", WireFormat.Results::requestsPerSecond),
          column("avg_latency_ms", WireFormat.Results::avgLatencyMs),
          column("min_latency_ms", WireFormat.Results::minLatencyMs),
          column("p50_latency_ms", WireFormat.Results::p50LatencyMs),
          column("p90_latency_ms", WireFormat.Results::p90LatencyMs),
          column("p95_latency_ms", WireFormat.Results::p95LatencyMs),
          column("p99_latency_ms", WireFormat.Results::p99LatencyMs),
          column("p999_latency_ms", WireFormat.Results::p999LatencyMs),
          column("max_latency_ms", WireFormat.Results::maxLatencyMs),
          column("unfinished_requests", WireFormat.Results::unfinishedRequests),
          column("unsent_requests", WireFormat.Results::unsentRequests),
          column("generator_verdict", r -> r.generator().verdict()));

  private static final List<Column<SeriesPoint>> POINT_COLUMNS =
      List.of(
          column("t_seconds", SeriesPoint::elapsedSeconds),
          column("rps", SeriesPoint::rps),
          column("p50_ms", SeriesPoint::p50Millis),
          column("p95_ms", SeriesPoint::p95Millis),
          column("p99_ms", SeriesPoint::p99Millis),
          column("errors", SeriesPoint::errors),
          column("in_flight", SeriesPoint::inFlight),
          column("exact", SeriesPoint::exact));

  private CsvExport() {}

  /** One named column and how a row's value is read. */
  private record Column<T>(String name, Function<T, Object> value) {}

  private static <T> Column<T> column(String name, Function<T, Object> value) {
    return new Column<>(name, value);
  }

  /** One row per target. */
  static String results(List<WireFormat.Results> results) {
    StringBuilder csv = new StringBuilder();
    header(csv, "", RESULT_COLUMNS);
    results.forEach(r -> row(csv, null, r, RESULT_COLUMNS));
    return csv.toString();
  }

  /** One row per point, the target's name first. */
  static String timeSeries(TestTimelines.Timeline timeline) {
    StringBuilder csv = new StringBuilder();
    header(csv, "target", POINT_COLUMNS);
    for (Map.Entry<String, List<SeriesPoint>> series : timeline.series().entrySet()) {
      series.getValue().forEach(p -> row(csv, series.getKey(), p, POINT_COLUMNS));
    }
    return csv.toString();
  }

  private static <T> void header(StringBuilder csv, String first, List<Column<T>> columns) {
    List<String> names = columns.stream().map(Column::name).toList();
    csv.append(first.isEmpty() ? "" : first + ",").append(String.join(",", names)).append("\r\n");
  }

  private static <T> void row(StringBuilder csv, String first, T item, List<Column<T>> columns) {
    if (first != null) {
      csv.append(field(first)).append(',');
    }
    for (int i = 0; i < columns.size(); i++) {
      csv.append(i == 0 ? "" : ",").append(field(columns.get(i).value().apply(item)));
    }
    csv.append("\r\n");
  }

  private static String field(Object value) {
    String text = value == null ? "" : String.valueOf(value);
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
