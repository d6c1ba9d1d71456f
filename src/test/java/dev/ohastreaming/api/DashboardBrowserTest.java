package dev.ohastreaming.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ohastreaming.OhaService;
import dev.ohastreaming.testing.TestConfig;
import dev.ohastreaming.testing.TestTargets;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: a race started from the form, its charts growing, its
 * results with a winner, and the same test opened again from the history.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them the test is skipped
 * on a developer's machine and fails under {@code CI=true}, so that CI always proves it.
 */
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static OhaService service;
  private static TestTargets fast;
  private static TestTargets slow;
  private static WebDriver browser;
  private static Path profile;

  @BeforeAll
  static void start() throws Exception {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!"true".equals(System.getenv("CI"))) {
      Assumptions.assumeTrue(
          installed,
          "skipped: install Debian's chromium and chromium-driver (apt-get install -y chromium"
              + " chromium-driver) to run the dashboard's browser test");
    }
    assertTrue(installed, "CI must have /usr/bin/chromium and /usr/bin/chromedriver");
    service = OhaService.start(TestConfig.with("oha.report-interval = 250ms"));
    fast = TestTargets.start(service.engine().system(), Duration.ofMillis(2));
    slow = TestTargets.start(service.engine().system(), Duration.ofMillis(12));
    profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile);
    ChromeDriverService driver =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(driver, options);
    browser.manage().window().setSize(new Dimension(1400, 2000));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (fast != null) {
      fast.close();
      slow.close();
    }
    if (service != null) {
      service.stop();
    }
  }

  private static WebDriverWait waitUpTo(int seconds) {
    // The dashboard redraws its charts as data arrives, so an element found a moment ago may
    // have been replaced: look again rather than fail.
    return (WebDriverWait)
        new WebDriverWait(browser, Duration.ofSeconds(seconds))
            .ignoring(StaleElementReferenceException.class);
  }

  private static void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  private static int points(String target) {
    By chart = By.cssSelector(".chart[data-row='0'][data-target='" + target + "']");
    for (int attempt = 1; ; attempt++) {
      try {
        return Integer.parseInt(browser.findElement(chart).getDomAttribute("data-points"));
      } catch (StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  @Test
  void aRaceStartedFromTheFormShowsGrowingChartsThenAWinnerAndReopensFromHistory()
      throws Exception {
    browser.get("http://127.0.0.1:" + service.address().getPort() + "/");
    waitUpTo(10).until(b -> "open".equals(connectionState()));
    List<WebElement> rows = browser.findElements(By.cssSelector(".target-row"));
    assertEquals(2, rows.size(), "node and bun rows prefilled");
    type(rows.get(0).findElement(By.name("target-url")), fast.url("/ok"));
    type(rows.get(1).findElement(By.name("target-url")), slow.url("/slow"));
    type(browser.findElement(By.name("duration_seconds")), "3");
    type(browser.findElement(By.name("connections")), "4");
    type(browser.findElement(By.name("rate_per_second")), "100");

    browser.findElement(By.id("start-button")).click();
    waitUpTo(10).until(b -> points("node") >= 2 && points("bun") >= 2);
    int nodeEarly = points("node");
    int bunEarly = points("bun");
    waitUpTo(10).until(b -> points("node") > nodeEarly && points("bun") > bunEarly);
    waitUpTo(15).until(b -> b.findElement(By.id("results")).isDisplayed());
    waitUpTo(10).until(b -> !b.findElements(By.cssSelector("#percentile-chart canvas")).isEmpty());
    String winner = browser.findElement(By.id("winner")).getText();
    String p99 =
        browser
            .findElement(By.cssSelector("#results-table tr[data-metric='p99_latency_ms']"))
            .getText();
    screenshot("dashboard.png");

    browser.navigate().refresh();
    WebElement entry =
        waitUpTo(10).until(b -> b.findElement(By.cssSelector("#history a[data-test-id]")));
    entry.click();
    waitUpTo(10).until(b -> b.findElement(By.id("results")).isDisplayed());
    waitUpTo(10).until(b -> points("node") >= 8 && points("bun") >= 8);
    String reopenedWinner = browser.findElement(By.id("winner")).getText();
    screenshot("dashboard-history.png");

    assertTrue(winner.startsWith("Winner: node"), winner);
    assertTrue(p99.contains("node") && p99.contains("× bun on p99"), p99);
    assertEquals(winner, reopenedWinner, "the same results from the API");
    assertFalse(browser.findElement(By.id("test-status")).getText().contains("Running"));
  }

  private static String connectionState() {
    return browser.findElement(By.id("connection")).getDomAttribute("data-state");
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
  }
}
