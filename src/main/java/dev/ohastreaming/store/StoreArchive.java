package dev.ohastreaming.store;

import akka.actor.typed.ActorRef;
import dev.ohastreaming.load.TestArchive;
import dev.ohastreaming.load.TestSummary;
import dev.ohastreaming.metrics.IntervalListener;
import java.time.Instant;
import java.util.List;

/**
 * A {@link TestArchive} on disk: the tests a {@link TestStore} held at start-up, and a {@link
 * StoreWriter} for everything written afterwards. Every call only sends a message.
 */
public final class StoreArchive implements TestArchive {

  private final List<TestSummary> stored;
  private final ActorRef<StoreWriter.Command> writer;

  /**
   * @param stored the tests read at start-up
   * @param writer the writer of the same store, on the blocking dispatcher
   */
  public StoreArchive(List<TestSummary> stored, ActorRef<StoreWriter.Command> writer) {
    this.stored = List.copyOf(stored);
    this.writer = writer;
  }

  @Override
  public List<TestSummary> stored() {
    return stored;
  }

  @Override
  public void save(TestSummary finished) {
    writer.tell(new StoreWriter.SaveTest(finished));
  }

  @Override
  public IntervalListener intervals(String testId, Instant startedAt) {
    return (target, responseTime, fromNanos, toNanos) ->
        writer.tell(
            new StoreWriter.RecordInterval(
                testId, target, startedAt, responseTime, fromNanos, toNanos));
  }
}
