package dev.ohastreaming.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.ohastreaming.load.TestSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of finished tests under one data directory: {@code tests/<test_id>.json} per test and
 * {@code hlog/<test_id>/<target>.hlog} per target's interval histogram log.
 *
 * <p>Every test file is written whole to a temporary file and moved into place atomically, so a
 * crash leaves the old file or the new one, never half of one. A file that cannot be read anyway
 * (cut short, edited by hand, from another version) is skipped with a WARN when the tests are
 * loaded; it never stops the service from starting.
 *
 * <p>All methods block on file I/O: call them from a thread that may block (start-up, or {@link
 * StoreWriter} on the blocking dispatcher). Not safe for concurrent writers to the same directory;
 * one service owns one directory.
 */
public final class TestStore {

  private static final Logger log = LoggerFactory.getLogger(TestStore.class);
  private static final String SUFFIX = ".json";
  private static final Pattern TEST_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path tests;
  private final Path logs;
  private final ObjectMapper mapper =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The store under {@code dataDir}; nothing is touched until a method is called. */
  public TestStore(Path dataDir) {
    this.tests = dataDir.resolve("tests");
    this.logs = dataDir.resolve("hlog");
  }

  /**
   * Every readable stored test, oldest first; unreadable files are skipped with a WARN.
   *
   * @throws UncheckedIOException when the directory exists but cannot be listed
   */
  public List<TestSummary> loadAll() {
    List<TestSummary> loaded = new ArrayList<>();
    for (Path file : testFiles()) {
      try {
        loaded.add(mapper.readValue(file.toFile(), StoredTest.class).toSummary());
      } catch (IOException | RuntimeException e) {
        log.warn("Skipping unreadable stored test [{}]: {}", file, e.toString());
      }
    }
    loaded.sort(Comparator.comparing(TestSummary::startedAt));
    return loaded;
  }

  /** Writes {@code finished} atomically, replacing an earlier file of the same test. */
  public void save(TestSummary finished) throws IOException {
    Files.createDirectories(tests);
    Path target = tests.resolve(checkedId(finished.testId()) + SUFFIX);
    Path temporary = Files.createTempFile(tests, finished.testId(), ".tmp");
    try {
      mapper.writeValue(temporary.toFile(), StoredTest.of(finished));
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Removes stored tests beyond the newest {@code maxTests} and those finished before {@code now -
   * maxAge}, with their interval logs; files that cannot be read are left alone.
   *
   * @return how many tests were removed
   */
  public int prune(int maxTests, Duration maxAge, Instant now) {
    List<Path> files = new ArrayList<>(testFiles());
    files.sort(Comparator.comparing(TestStore::modified).reversed());
    Instant oldest = now.minus(maxAge);
    int removed = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      if (i >= maxTests || modified(file).isBefore(oldest)) {
        String testId = file.getFileName().toString().replace(SUFFIX, "");
        if (delete(file) && deleteLogs(testId)) {
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * The interval log of one target of one test, when both names are valid; the file may not exist.
   */
  public Optional<Path> intervalLog(String testId, String target) {
    if (!TEST_ID.matcher(testId).matches()
        || !TARGET.matcher(target).matches()
        || target.contains("..")) {
      return Optional.empty();
    }
    return Optional.of(logs.resolve(testId).resolve(target + ".hlog"));
  }

  private List<Path> testFiles() {
    if (!Files.isDirectory(tests)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tests, "*" + SUFFIX)) {
      dir.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private boolean deleteLogs(String testId) {
    Path dir = logs.resolve(testId);
    if (!TEST_ID.matcher(testId).matches() || !Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(TestStore::delete);
    } catch (IOException e) {
      log.warn("Cannot list interval logs [{}]: {}", dir, e.toString());
      return false;
    }
    return delete(dir);
  }

  private static boolean delete(Path path) {
    try {
      Files.deleteIfExists(path);
      return true;
    } catch (IOException e) {
      log.warn("Cannot delete [{}]: {}", path, e.toString());
      return false;
    }
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static String checkedId(String testId) {
    if (!TEST_ID.matcher(testId).matches()) {
      throw new IllegalArgumentException("not a test id: " + testId);
    }
    return testId;
  }
}
