package dev.ohastreaming.load;

import akka.NotUsed;
import akka.stream.javadsl.Flow;
import dev.ohastreaming.stream.Outcome;
import dev.ohastreaming.stream.PlannedRequest;
import dev.ohastreaming.stream.RequestTemplate;
import dev.ohastreaming.stream.Transport;
import dev.ohastreaming.stream.TransportOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport for tests that fails the stream after a number of outcomes, as a broken pool or a bug
 * in a stage would. Only flows to URLs whose query is {@code flaky} fail: each of their first
 * {@code failingRuns} materializations fails after {@code outcomesBeforeFailure} outcomes; later
 * ones, and every other target's, pass everything through.
 */
final class FailingTransport implements Transport {

  /** The failure the stream fails with. */
  static final class InjectedFailure extends RuntimeException {
    InjectedFailure(int run) {
      super("injected failure in run " + run);
    }
  }

  private final Transport delegate;
  private final int outcomesBeforeFailure;
  private final int failingRuns;
  private final AtomicInteger runs = new AtomicInteger();

  FailingTransport(Transport delegate, int outcomesBeforeFailure, int failingRuns) {
    this.delegate = delegate;
    this.outcomesBeforeFailure = outcomesBeforeFailure;
    this.failingRuns = failingRuns;
  }

  /** How often the flow was materialized. */
  int runs() {
    return runs.get();
  }

  @Override
  public String name() {
    return "failing-" + delegate.name();
  }

  @Override
  public Flow<PlannedRequest, Outcome, NotUsed> flow(
      RequestTemplate template, TransportOptions options) {
    Flow<PlannedRequest, Outcome, NotUsed> flow = delegate.flow(template, options);
    if (!"flaky".equals(template.uri().getQuery())) {
      return flow;
    }
    return flow.statefulMapConcat(
        () -> {
          int run = runs.incrementAndGet();
          AtomicInteger passed = new AtomicInteger();
          return outcome -> {
            if (run <= failingRuns && passed.incrementAndGet() > outcomesBeforeFailure) {
              throw new InjectedFailure(run);
            }
            return List.of(outcome);
          };
        });
  }
}
