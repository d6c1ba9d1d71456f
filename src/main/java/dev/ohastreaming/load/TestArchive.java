package dev.ohastreaming.load;

import dev.ohastreaming.metrics.IntervalListener;
import java.time.Instant;
import java.util.List;

/**
 * Where the {@link TestSupervisor} keeps finished tests beyond its own memory, and where the
 * interval histograms of running tests go.
 *
 * <p>Every method is called on the supervisor's or a metrics actor's thread and must not block: an
 * implementation hands the file work to an actor of its own.
 */
public interface TestArchive {

  /** An archive that keeps nothing: tests live in memory only. */
  TestArchive NONE =
      new TestArchive() {
        @Override
        public List<TestSummary> stored() {
          return List.of();
        }

        @Override
        public void save(TestSummary finished) {}

        @Override
        public IntervalListener intervals(String testId, Instant startedAt) {
          return IntervalListener.NONE;
        }
      };

  /** Finished tests of earlier runs of the service, already read, in any order. */
  List<TestSummary> stored();

  /** Keeps a test that has just finished. */
  void save(TestSummary finished);

  /** Where the measured intervals of the test {@code testId}, started at {@code startedAt}, go. */
  IntervalListener intervals(String testId, Instant startedAt);
}
