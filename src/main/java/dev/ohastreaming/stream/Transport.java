package dev.ohastreaming.stream;

import akka.NotUsed;
import akka.stream.javadsl.Flow;

/**
 * The seam between the schedule and the network: a stream stage from planned request to outcome.
 *
 * <p>Everything above this interface (schedule, actors, metrics) is independent of how bytes reach
 * the target, so an implementation can be measured and replaced alone. A flow returned by {@link
 * #flow} must:
 *
 * <ul>
 *   <li>keep at most {@link TransportOptions#connections()} requests in flight, over at most that
 *       many connections, and backpressure its upstream beyond that (so that requests wait in the
 *       schedule, where their lag is measured, not in a hidden queue);
 *   <li>emit exactly one {@link Outcome} per request, in completion order, and never fail the
 *       stream because of a request: timeouts, refused connections and broken responses are
 *       outcomes;
 *   <li>read every response body to its end and discard it, so that the connection can be reused
 *       and the response time covers the whole body;
 *   <li>not follow redirects;
 *   <li>after upstream completes, finish the requests in flight (each bounded by the request
 *       timeout), then complete and release its connections.
 * </ul>
 */
public interface Transport {

  /** A short name for logs and results, e.g. {@code "akka-http"}. */
  String name();

  /**
   * A flow sending requests built from {@code template}; materialize it once per target run.
   *
   * @param template the request to send (the same for every element)
   * @param options connection count, request timeout and TLS trust
   */
  Flow<PlannedRequest, Outcome, NotUsed> flow(RequestTemplate template, TransportOptions options);
}
