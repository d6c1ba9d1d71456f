package dev.ohastreaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void rustLogLevelIsReadAsTheOriginalDeploymentsSetIt() {
    assertEquals("info", Main.rustLogLevel("info"));
    assertEquals("debug", Main.rustLogLevel("oha_streaming_service=debug,tower_http=info"));
    assertEquals("warn", Main.rustLogLevel("warn,hyper=info"));
    assertNull(Main.rustLogLevel(""));
    assertNull(Main.rustLogLevel(null));
  }
}
