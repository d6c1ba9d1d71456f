package dev.ohastreaming.testing;

import dev.ohastreaming.load.TargetSpec;
import dev.ohastreaming.load.TestPlan;
import dev.ohastreaming.stream.RequestTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/** Test plans for tests that talk to the supervisor directly. */
public final class Plans {

  private Plans() {}

  /** An open-model plan of {@code GET url} for each of {@code names}, no warm-up, 10 s timeout. */
  public static TestPlan openModel(
      String url, double ratePerSecond, Duration duration, int connections, String... names) {
    List<TargetSpec> targets =
        Arrays.stream(names)
            .map(
                name ->
                    new TargetSpec(
                        name, new RequestTemplate("GET", URI.create(url), List.of(), new byte[0])))
            .toList();
    return new TestPlan(
        targets,
        duration,
        Duration.ZERO,
        connections,
        OptionalDouble.of(ratePerSecond),
        List.of(),
        Duration.ofSeconds(10),
        false);
  }
}
