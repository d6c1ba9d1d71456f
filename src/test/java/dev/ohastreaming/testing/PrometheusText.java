package dev.ohastreaming.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4) for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE} or a sample of the family typed last, else it throws.
 */
public final class PrometheusText {

  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";

  /** A label value: anything but a quote, a backslash or a line break, unless escaped. */
  private static final String LABEL_VALUE = "(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*";

  private static final String NUMBER =
      "[+-]?(?:Inf|NaN|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)";
  private static final Pattern HELP =
      Pattern.compile("# HELP (" + NAME + ") (?:[^\\\\\\n]|\\\\[\\\\n])*");
  private static final Pattern TYPE =
      Pattern.compile(
          "# TYPE ("
              + NAME
              + ") (counter|gauge|summary|histogram|untyped|info|stateset|gaugehistogram|unknown)");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "("
              + NAME
              + ")(?:\\{((?:"
              + LABEL_NAME
              + "=\""
              + LABEL_VALUE
              + "\")(?:,"
              + LABEL_NAME
              + "=\""
              + LABEL_VALUE
              + "\")*,?)?\\})? ("
              + NUMBER
              + ")(?: (-?\\d+))?");
  private static final Pattern LABEL =
      Pattern.compile("(" + LABEL_NAME + ")=\"(" + LABEL_VALUE + ")\"");
  private static final Set<String> SUFFIXES =
      Set.of("", "_total", "_created", "_count", "_sum", "_bucket", "_info");

  private PrometheusText() {}

  /**
   * One sample line.
   *
   * @param name the sample's name as written, suffix included ({@code oha_errors_total})
   * @param labels label values, unescaped, in the order written
   */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /**
   * The samples of {@code text}.
   *
   * @throws IllegalArgumentException naming the first line that breaks the format
   */
  public static List<Sample> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the text does not end with a line break");
    }
    List<Sample> samples = new ArrayList<>();
    Set<String> typed = new HashSet<>();
    String family = null;
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      Matcher help = HELP.matcher(line);
      Matcher type = TYPE.matcher(line);
      Matcher sample = SAMPLE.matcher(line);
      if (help.matches()) {
        continue;
      } else if (type.matches()) {
        family = type.group(1);
        if (!typed.add(family)) {
          throw new IllegalArgumentException("a second TYPE for " + family + ": " + line);
        }
      } else if (sample.matches()) {
        String name = sample.group(1);
        if (family == null || !SUFFIXES.contains(suffixOf(name, family))) {
          throw new IllegalArgumentException("a sample outside its family " + family + ": " + line);
        }
        samples.add(new Sample(name, labels(sample.group(2)), number(sample.group(3))));
      } else {
        throw new IllegalArgumentException("not the text format: [" + line + "]");
      }
    }
    return samples;
  }

  private static String suffixOf(String name, String family) {
    return name.startsWith(family) ? name.substring(family.length()) : "(another family)";
  }

  private static Map<String, String> labels(String written) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (written == null) {
      return labels;
    }
    Matcher label = LABEL.matcher(written);
    while (label.find()) {
      if (labels.put(label.group(1), unescape(label.group(2))) != null) {
        throw new IllegalArgumentException("label " + label.group(1) + " twice: " + written);
      }
    }
    return labels;
  }

  private static String unescape(String escaped) {
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '\\') {
        char next = escaped.charAt(++i);
        value.append(next == 'n' ? '\n' : next);
      } else {
        value.append(c);
      }
    }
    return value.toString();
  }

  private static double number(String written) {
    return switch (written) {
      case "Inf", "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN", "+NaN", "-NaN" -> Double.NaN;
      default -> Double.parseDouble(written);
    };
  }
}
