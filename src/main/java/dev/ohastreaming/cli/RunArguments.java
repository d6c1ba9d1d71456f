package dev.ohastreaming.cli;

import dev.ohastreaming.load.TargetSpec;
import dev.ohastreaming.load.TestPlan;
import dev.ohastreaming.stream.RequestTemplate;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The command line of {@code run}, parsed into a {@link TestPlan}.
 *
 * <p>Flags follow oha where oha has one: {@code -z} duration, {@code -c} connections, {@code -q}
 * rate per second, {@code -m} method, {@code -H} header, {@code -d} body, {@code --insecure}.
 *
 * @param plan the test to run
 * @param json whether to print JSON instead of the text summary
 * @param quiet whether to leave out live progress lines
 */
record RunArguments(TestPlan plan, boolean json, boolean quiet) {

  /** Thrown for a command line that cannot be run; its message says why. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static RunArguments parse(List<String> args) throws UsageException {
    List<String> urls = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<RequestTemplate.HeaderField> headers = new ArrayList<>();
    Duration duration = Duration.ofSeconds(10);
    Duration warmup = Duration.ZERO;
    Duration timeout = Duration.ofSeconds(30);
    int connections = 50;
    OptionalDouble rate = OptionalDouble.empty();
    String method = "GET";
    byte[] body = new byte[0];
    boolean json = false;
    boolean quiet = false;
    boolean insecure = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-z", "--duration" -> duration = duration(value(args, ++i, arg));
        case "-c", "--connections" -> connections = positiveInt(value(args, ++i, arg), arg);
        case "-q", "--rate" -> rate = OptionalDouble.of(positive(value(args, ++i, arg), arg));
        case "--warmup" -> warmup = duration(value(args, ++i, arg));
        case "--timeout", "-t" -> timeout = duration(value(args, ++i, arg));
        case "--names" -> names.addAll(List.of(value(args, ++i, arg).split(",")));
        case "-m", "--method" -> method = value(args, ++i, arg).toUpperCase(Locale.ROOT);
        case "-H", "--header" -> headers.add(header(value(args, ++i, arg)));
        case "-d", "--body" -> body = value(args, ++i, arg).getBytes(StandardCharsets.UTF_8);
        case "--json" -> json = true;
        case "--quiet" -> quiet = true;
        case "--insecure" -> insecure = true;
        default -> {
          if (arg.startsWith("-")) {
            throw new UsageException("unknown option " + arg);
          }
          urls.add(arg);
        }
      }
    }
    if (urls.isEmpty()) {
      throw new UsageException("give at least one URL");
    }
    if (!names.isEmpty() && names.size() != urls.size()) {
      throw new UsageException("--names needs one name per URL");
    }
    List<TargetSpec> targets = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      URI uri = uri(urls.get(i));
      String name = names.isEmpty() ? "t" + (i + 1) : names.get(i).trim();
      targets.add(new TargetSpec(name, new RequestTemplate(method, uri, headers, body)));
    }
    TestPlan plan =
        new TestPlan(targets, duration, warmup, connections, rate, List.of(), timeout, insecure);
    return new RunArguments(plan, json, quiet);
  }

  private static String value(List<String> args, int index, String flag) throws UsageException {
    if (index >= args.size()) {
      throw new UsageException(flag + " needs a value");
    }
    return args.get(index);
  }

  /** A duration such as {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h} or bare seconds. */
  static Duration duration(String text) throws UsageException {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.endsWith("ms")) {
        return Duration.ofNanos(Math.round(Double.parseDouble(value.replace("ms", "")) * 1e6));
      }
      double factor = 1;
      char unit = value.charAt(value.length() - 1);
      if (Character.isLetter(unit)) {
        factor =
            switch (unit) {
              case 's' -> 1;
              case 'm' -> 60;
              case 'h' -> 3600;
              default -> throw new UsageException("unknown duration unit in " + text);
            };
        value = value.substring(0, value.length() - 1);
      }
      double seconds = Double.parseDouble(value) * factor;
      if (!(seconds > 0)) {
        throw new UsageException("a duration must be positive: " + text);
      }
      return Duration.ofNanos(Math.round(seconds * 1e9));
    } catch (NumberFormatException e) {
      throw new UsageException("not a duration: " + text);
    }
  }

  private static int positiveInt(String text, String flag) throws UsageException {
    try {
      int value = Integer.parseInt(text);
      if (value < 1) {
        throw new UsageException(flag + " must be at least 1");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a whole number: " + text);
    }
  }

  private static double positive(String text, String flag) throws UsageException {
    try {
      double value = Double.parseDouble(text);
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new UsageException(flag + " must be more than 0");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a number: " + text);
    }
  }

  private static RequestTemplate.HeaderField header(String text) throws UsageException {
    int colon = text.indexOf(':');
    if (colon < 1) {
      throw new UsageException("a header is 'Name: value': " + text);
    }
    return new RequestTemplate.HeaderField(
        text.substring(0, colon).trim(), text.substring(colon + 1).trim());
  }

  private static URI uri(String text) throws UsageException {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new UsageException("not an http(s) URL with a host: " + text);
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new UsageException("not a URL: " + text);
    }
  }
}
