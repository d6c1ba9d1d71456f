package dev.ohastreaming.load;

/** Where a test is in its life. */
public enum RunStatus {
  /** Sending load. */
  RUNNING("Running"),
  /** Ran to its planned end. */
  COMPLETED("Completed"),
  /** Every target's load failed. */
  FAILED("Failed"),
  /** Stopped on request before its planned end. */
  STOPPED("Stopped");

  private final String wireName;

  RunStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The original service's capitalised name of the status. */
  public String wireName() {
    return wireName;
  }
}
