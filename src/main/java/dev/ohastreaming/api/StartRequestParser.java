package dev.ohastreaming.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ohastreaming.config.ServiceSettings;
import dev.ohastreaming.load.TargetSpec;
import dev.ohastreaming.load.TestPlan;
import dev.ohastreaming.stream.RequestTemplate;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the JSON body of {@code POST /api/test/start} into a {@link TestPlan}, or says exactly
 * which field is wrong.
 *
 * <p>Accepted: the original body ({@code node_url}, {@code bun_url}, {@code duration_seconds},
 * {@code connections}, {@code rate_per_second}) and the general {@code targets: [{name, url}]};
 * both forms may be mixed. Optional: {@code method}, {@code headers}, {@code body}, {@code
 * timeout_ms}, {@code insecure}, {@code warmup_seconds}, {@code stages}. Unknown fields are
 * ignored, so newer clients work with this service. Every bound comes from {@link
 * ServiceSettings.Limits}; target hosts must pass the allow-list of {@link
 * ServiceSettings.Access#allowedTargets()} when one is set.
 */
public final class StartRequestParser {

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  private static final Set<String> FRAMING_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "host", "upgrade", "te");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
  private static final int MAX_URL_LENGTH = 4096;

  private final ObjectMapper mapper;
  private final ServiceSettings settings;
  private final ServiceSettings.Limits limits;
  private final TargetAllowList allowList;

  public StartRequestParser(ObjectMapper mapper, ServiceSettings settings) {
    this.mapper = mapper;
    this.settings = settings;
    this.limits = settings.limits();
    this.allowList = new TargetAllowList(settings.access().allowedTargets());
  }

  /**
   * The plan {@code json} asks for.
   *
   * @throws InvalidRequestException naming the field at fault
   */
  public TestPlan parse(String json) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(null, "malformed JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException(null, "the request body must be a JSON object");
    }
    List<TestPlan.Stage> stages = stages(root);
    Duration duration = duration(root, stages);
    OptionalDouble rate = optionalRate(root, !stages.isEmpty());
    Duration warmup = seconds(root, "warmup_seconds", Duration.ZERO, true);
    String method = method(root);
    List<RequestTemplate.HeaderField> headers = headers(root);
    byte[] body = body(root);
    List<TargetSpec> targets = targets(root, method, headers, body);
    return new TestPlan(
        targets, duration, warmup, connections(root), rate, stages, timeout(root), insecure(root));
  }

  private List<TargetSpec> targets(
      JsonNode root, String method, List<RequestTemplate.HeaderField> headers, byte[] body) {
    List<TargetSpec> targets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    JsonNode list = root.get("targets");
    if (present(list)) {
      if (!list.isArray()) {
        throw new InvalidRequestException("targets", "targets must be an array of {name, url}");
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode item = list.get(i);
        String field = "targets[" + i + "]";
        if (!item.isObject()) {
          throw new InvalidRequestException(field, field + " must be an object {name, url}");
        }
        String name = text(item, "name", field + ".name");
        String url = text(item, "url", field + ".url");
        addTarget(targets, names, name, url, field, method, headers, body);
      }
    }
    for (String runtime : List.of("node", "bun")) {
      String field = runtime + "_url";
      if (present(root.get(field))) {
        addTarget(targets, names, runtime, text(root, field, field), field, method, headers, body);
      }
    }
    if (targets.isEmpty()) {
      throw new InvalidRequestException(
          "targets", "give at least one target: node_url, bun_url or targets: [{name, url}]");
    }
    if (targets.size() > limits.maxTargets()) {
      throw new InvalidRequestException(
          "targets", "at most " + limits.maxTargets() + " targets per test (max_targets)");
    }
    return targets;
  }

  private void addTarget(
      List<TargetSpec> targets,
      Set<String> names,
      String name,
      String url,
      String field,
      String method,
      List<RequestTemplate.HeaderField> headers,
      byte[] body) {
    if (!NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          field + ".name",
          "a target name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
    if (!names.add(name)) {
      throw new InvalidRequestException(field, "target name '" + name + "' is used twice");
    }
    String urlField = field.endsWith("_url") ? field : field + ".url";
    URI uri = uri(url, urlField);
    allowList.check(uri, urlField);
    targets.add(new TargetSpec(name, new RequestTemplate(method, uri, headers, body)));
  }

  private static URI uri(String url, String field) {
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidRequestException(field, "the URL is longer than " + MAX_URL_LENGTH);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(field, "not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidRequestException(field, "the URL must start with http:// or https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidRequestException(field, "the URL must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidRequestException(field, "credentials in the URL are not supported");
    }
    if (uri.getPort() > 65535) {
      throw new InvalidRequestException(field, "the port must be 1 to 65535");
    }
    return uri;
  }

  private List<TestPlan.Stage> stages(JsonNode root) {
    JsonNode list = root.get("stages");
    if (!present(list)) {
      return List.of();
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new InvalidRequestException(
          "stages", "stages must be a non-empty array of {duration_seconds, rate_per_second}");
    }
    if (list.size() > limits.maxStages()) {
      throw new InvalidRequestException(
          "stages", "at most " + limits.maxStages() + " stages (max_stages)");
    }
    List<TestPlan.Stage> stages = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String field = "stages[" + i + "]";
      if (!item.isObject()) {
        throw new InvalidRequestException(field, field + " must be an object");
      }
      Duration duration = seconds(item, "duration_seconds", null, false, field + ".");
      double rate = number(item, "rate_per_second", field + ".rate_per_second");
      checkRate(rate, field + ".rate_per_second", true);
      stages.add(new TestPlan.Stage(duration, rate));
    }
    return stages;
  }

  private Duration duration(JsonNode root, List<TestPlan.Stage> stages) {
    if (stages.isEmpty()) {
      return seconds(root, "duration_seconds", settings.defaults().duration(), false);
    }
    Duration total = stages.stream().map(TestPlan.Stage::duration).reduce(Duration::plus).get();
    if (total.compareTo(limits.maxDuration()) > 0) {
      throw new InvalidRequestException(
          "stages", "the stages last longer than " + limits.maxDuration() + " (max_duration)");
    }
    if (present(root.get("duration_seconds"))) {
      Duration given = seconds(root, "duration_seconds", null, false);
      if (Math.abs(given.toNanos() - total.toNanos()) > 1_000_000) {
        throw new InvalidRequestException(
            "duration_seconds",
            "duration_seconds ("
                + given.toMillis() / 1000.0
                + ") differs from the stages' total ("
                + total.toMillis() / 1000.0
                + "); leave it out or make them agree");
      }
    }
    return total;
  }

  private OptionalDouble optionalRate(JsonNode root, boolean withStages) {
    if (!present(root.get("rate_per_second"))) {
      return OptionalDouble.empty();
    }
    double rate = number(root, "rate_per_second", "rate_per_second");
    checkRate(rate, "rate_per_second", withStages);
    return OptionalDouble.of(rate);
  }

  private void checkRate(double rate, String field, boolean zeroAllowed) {
    if (rate < 0 || (!zeroAllowed && rate == 0)) {
      throw new InvalidRequestException(
          field,
          field
              + (zeroAllowed ? " must be 0 or more" : " must be more than 0")
              + " (leave rate_per_second out for maximum throughput)");
    }
    if (rate > limits.maxRatePerSecond()) {
      throw new InvalidRequestException(
          field,
          field + " must be at most " + limits.maxRatePerSecond() + " (max_rate_per_second)");
    }
  }

  private int connections(JsonNode root) {
    JsonNode node = root.get("connections");
    if (!present(node)) {
      return settings.defaults().connections();
    }
    if (!node.isIntegralNumber() && !(node.isNumber() && node.asDouble() % 1 == 0)) {
      throw new InvalidRequestException("connections", "connections must be a whole number");
    }
    double value = node.asDouble();
    if (value < 1 || value > limits.maxConnections()) {
      throw new InvalidRequestException(
          "connections",
          "connections must be 1 to " + limits.maxConnections() + " (max_connections)");
    }
    return (int) value;
  }

  private Duration timeout(JsonNode root) {
    JsonNode node = root.get("timeout_ms");
    if (!present(node)) {
      return settings.defaults().requestTimeout();
    }
    double millis = number(root, "timeout_ms", "timeout_ms");
    long min = limits.minRequestTimeout().toMillis();
    long max = limits.maxRequestTimeout().toMillis();
    if (millis < min || millis > max) {
      throw new InvalidRequestException(
          "timeout_ms", "timeout_ms must be " + min + " to " + max + " milliseconds");
    }
    return Duration.ofNanos((long) (millis * 1e6));
  }

  private boolean insecure(JsonNode root) {
    JsonNode node = root.get("insecure");
    if (!present(node)) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new InvalidRequestException("insecure", "insecure must be true or false");
    }
    if (node.booleanValue() && !settings.allowInsecure()) {
      throw new InvalidRequestException(
          "insecure", "this service does not allow skipping certificate checks (allow-insecure)");
    }
    return node.booleanValue();
  }

  private static String method(JsonNode root) {
    JsonNode node = root.get("method");
    if (!present(node)) {
      return "GET";
    }
    String method = node.isTextual() ? node.textValue().toUpperCase(Locale.ROOT) : "";
    if (!METHODS.contains(method)) {
      throw new InvalidRequestException("method", "method must be one of " + METHODS);
    }
    return method;
  }

  private List<RequestTemplate.HeaderField> headers(JsonNode root) {
    JsonNode node = root.get("headers");
    if (!present(node)) {
      return List.of();
    }
    if (!node.isObject()) {
      throw new InvalidRequestException("headers", "headers must be an object of name: value");
    }
    if (node.size() > limits.maxHeaders()) {
      throw new InvalidRequestException(
          "headers", "at most " + limits.maxHeaders() + " headers (max_headers)");
    }
    List<RequestTemplate.HeaderField> headers = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      String where = "headers." + name;
      if (!HEADER_NAME.matcher(name).matches()) {
        throw new InvalidRequestException("headers", "not a valid header name: '" + name + "'");
      }
      if (FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new InvalidRequestException(
            where, "the " + name + " header is set by the load generator and cannot be given");
      }
      if (!field.getValue().isTextual()) {
        throw new InvalidRequestException(where, "header values must be strings");
      }
      String value = field.getValue().textValue();
      if (value.length() > 8192 || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw new InvalidRequestException(
            where, "a header value is at most 8192 characters with no line breaks");
      }
      if (name.equalsIgnoreCase("content-type") && !value.contains("/")) {
        throw new InvalidRequestException(where, "not a media type, e.g. application/json");
      }
      headers.add(new RequestTemplate.HeaderField(name, value));
    }
    return headers;
  }

  private byte[] body(JsonNode root) {
    JsonNode node = root.get("body");
    if (!present(node)) {
      return new byte[0];
    }
    byte[] body;
    try {
      body =
          node.isTextual()
              ? node.textValue().getBytes(StandardCharsets.UTF_8)
              : mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("body", "the body cannot be serialized");
    }
    if (body.length > limits.maxBodyBytes()) {
      throw new InvalidRequestException(
          "body", "the body is larger than " + limits.maxBodyBytes() + " bytes (max_body_bytes)");
    }
    return body;
  }

  private Duration seconds(JsonNode root, String name, Duration fallback, boolean zeroAllowed) {
    return seconds(root, name, fallback, zeroAllowed, "");
  }

  private Duration seconds(
      JsonNode node, String name, Duration fallback, boolean zeroAllowed, String prefix) {
    String field = prefix + name;
    if (!present(node.get(name))) {
      if (fallback == null) {
        throw new InvalidRequestException(field, field + " is required");
      }
      return fallback;
    }
    double seconds = number(node, name, field);
    double maxSeconds = limits.maxDuration().toSeconds();
    if (seconds < 0 || (!zeroAllowed && seconds < 0.001) || seconds > maxSeconds) {
      throw new InvalidRequestException(
          field,
          field
              + " must be "
              + (zeroAllowed ? "0" : "more than 0")
              + " to "
              + (long) maxSeconds
              + " seconds (max_duration)");
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private static double number(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || !value.isNumber()) {
      throw new InvalidRequestException(field, field + " must be a number");
    }
    double number = value.asDouble();
    if (!Double.isFinite(number)) {
      throw new InvalidRequestException(field, field + " must be a finite number");
    }
    return number;
  }

  private static String text(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw new InvalidRequestException(field, field + " must be a non-empty string");
    }
    return value.textValue().trim();
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull();
  }
}
