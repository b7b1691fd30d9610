package org.vnfx.portal.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its own chromedriver (both installed by {@code scripts/install-chromium.sh}),
 * with every path given so that Selenium Manager never looks for, or downloads, a browser or a driver. The flags
 * keep Chromium off the network (no component updates, sync or background requests: this machine has none) and
 * let it run as root in CI. Each step's screenshot goes to {@code target/screenshots/} for the CI artifacts.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    static final Duration PATIENCE = Duration.ofSeconds(15);

    /**
     * Selenium warns at every start that it has no CDP implementation for this Chromium: none is needed (the tests
     * use WebDriver and one raw CDP command), and the warning only hides real output. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger CDP_FINDER = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_FINDER.setLevel(Level.OFF);
    }

    private final ChromeDriver driver;
    private final Path profile;
    private final String prefix;
    private int step;

    /** @param prefix names this test class's screenshots */
    Browser(String prefix) throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) throw new IllegalStateException(p + " is missing: run scripts/install-chromium.sh (Debian chromium, chromium-driver)");
        }
        this.prefix = prefix;
        profile = Files.createTempDirectory("vnfx-chromium-");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--disable-default-apps", "--window-size=1280,1000", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE);
    }

    void open(URI url) {
        driver.get(url.toString());
    }

    /** For what the helpers here do not cover (a script run in the page). */
    WebDriver driver() {
        return driver;
    }

    String url() {
        return driver.getCurrentUrl();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /**
     * Clicks what {@code css} finds, once it is there and enabled, in the page's script: a live refresh may redraw the
     * page between finding and clicking, and a pointer click at the old coordinates would land on whatever is there then.
     */
    void click(String css) {
        await("to click " + css, d -> {
            try {
                List<WebElement> found = d.findElements(By.cssSelector(css));
                if (found.isEmpty() || !found.get(0).isEnabled()) return null;
                driver.executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", found.get(0));
                return true;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** The text of what {@code css} finds, once it is there (a live refresh may redraw it while it is read). */
    String textOf(String css) {
        return await("the text of " + css, d -> {
            try {
                List<WebElement> found = d.findElements(By.cssSelector(css));
                return found.isEmpty() ? null : found.get(0).getText();
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).withMessage(what).until(condition);
    }

    /** Waits until the page's script has put its answer in place of "Searching…" or "Loading…". */
    void awaitSettled() {
        await("the page's script to finish", d -> (Boolean) ((ChromeDriver) d).executeScript(
                "const s = document.getElementById('summary'); const c = document.getElementById('content');"
                        + "return document.readyState === 'complete' && (s ? s.textContent !== 'Searching…' && s.textContent !== '' || "
                        + "!document.getElementById('problem').hidden : true) && (c ? !c.hasAttribute('aria-busy') : true);"));
    }

    /**
     * Saves a screenshot of the whole page as it is now (not only the window: a package's verification is further
     * down), named by test class, step number and {@code name}.
     */
    void shot(String name) {
        step++;
        Number width = (Number) driver.executeScript("return document.documentElement.scrollWidth;");
        Number height = (Number) driver.executeScript("return Math.min(document.documentElement.scrollHeight, 8000);");
        Map<String, Object> page = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        try {
            Files.write(SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", prefix, step, name)), Base64.getDecoder().decode((String) page.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console's errors since the last call (script errors, Content-Security-Policy violations, failed loads). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** The console's errors since the last call, less the 4xx answers a test provokes on purpose (the browser logs each). */
    List<String> consoleErrorsBesidesRefusals() {
        return consoleErrors().stream().filter(e -> !e.contains("the server responded with a status of 4")).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
