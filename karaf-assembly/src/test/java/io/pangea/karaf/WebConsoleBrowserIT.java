package io.pangea.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.pangea.karaf.PangeaNode.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Pangea page of the web console in a real browser: Debian's headless Chromium, driven through its
 * chromedriver by Selenium. The operator logs in with Basic credentials, reads the facts and the providers and
 * switches the compression provider with the page's form, as a person would; bin/pangea confirms the switch.
 * The tests run in order: the first needs a browser that has not logged in yet, the later ones change the node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebConsoleBrowserIT {
    /** Debian's packages, named explicitly so that Selenium Manager never looks for (or downloads) others. */
    private static final Path CHROMIUM = Path.of(System.getProperty("pangea.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("pangea.chromedriver", "/usr/bin/chromedriver"));
    /**
     * Selenium looks for its CDP support of the browser's version even when no test uses CDP, and warns when the
     * browser is newer than this Selenium; the tests use WebDriver only. Held here: loggers are weakly referenced.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);
    private static final Path BUILD_DIRECTORY = Path.of(System.getProperty("pangea.buildDirectory", "target"));
    private static final Path SCREENSHOT = BUILD_DIRECTORY.resolve("webconsole-pangea.png");

    /** Also prints the end of the node's log when a test fails. */
    @RegisterExtension
    static final PangeaNode node = new PangeaNode("pangea-browser-");

    /** Keeps what the browser showed when a test fails. */
    @RegisterExtension
    static final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                Path file = BUILD_DIRECTORY.resolve("webconsole-pangea-failed-" + context.getDisplayName()
                        .replaceAll("[^A-Za-z0-9]+", "") + ".png");
                try {
                    screenshot(file);
                    System.err.println("what the browser showed: " + file);
                } catch (RuntimeException | IOException e) {
                    System.err.println("no screenshot: " + e);
                }
            }
        }
    };

    private static Path profile;
    private static ChromeDriverService service;
    private static ChromeDriver driver;

    @BeforeAll
    static void startNodeAndBrowser() throws Exception {
        requireExecutable(CHROMIUM, "chromium");
        requireExecutable(CHROMEDRIVER, "chromium-driver");
        node.start();

        profile = Files.createTempDirectory("pangea-chromium-");
        Files.createDirectories(BUILD_DIRECTORY);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,1400", "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_TIMEOUT);
    }

    @AfterAll
    static void quitBrowserAndStopNode() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } catch (RuntimeException e) {
            System.err.println("driver.quit(): " + e);
        }
        try {
            if (service != null) {
                service.stop();
            }
        } catch (RuntimeException e) {
            System.err.println("chromedriver stop: " + e);
        }
        try {
            node.stop();
        } finally {
            if (profile != null) {
                PangeaNode.deleteTree(profile);
            }
        }
    }

    @Test
    @Order(1)
    void withoutCredentialsTheBrowserGetsTheUnauthorizedPage() {
        driver.get(node.webConsolePage().toString());
        assertThat(navigationStatus()).as("HTTP status of the page").isEqualTo(401);
        assertThat(driver.findElements(By.id("pangea"))).as("Pangea content").isEmpty();
        assertThat(driver.getPageSource()).doesNotContain("Hardware facts").doesNotContain("zstd");
    }

    @Test
    @Order(2)
    void theOperatorSeesTheFactsAndZstdActive() throws Exception {
        // The login: Basic credentials in the URL of a top-level navigation. Chromium answers the 401 challenge with
        // them and keeps them for this server, as after its login prompt; from then on the plain address works.
        Properties operator = node.operatorCredentials();
        driver.get(withUserInfo(node.webConsolePage(), operator.getProperty("user"), operator.getProperty("password")));
        assertThat(navigationStatus()).as("HTTP status of the page, with credentials in the URL").isEqualTo(200);
        driver.get(node.webConsolePage().toString());
        assertThat(navigationStatus()).as("HTTP status of the page, logged in").isEqualTo(200);
        assertThat(driver.getCurrentUrl()).as("no password in the address").isEqualTo(node.webConsolePage().toString());

        WebElement facts = driver.findElement(By.id("pangea-facts"));
        assertThat(facts.isDisplayed()).isTrue();
        assertThat(facts.findElements(By.cssSelector("thead th"))).extracting(WebElement::getText)
                .containsExactly("Fact", "Value", "Masked", "Evidence");
        assertThat(facts.findElements(By.cssSelector("tbody tr td:first-child"))).extracting(WebElement::getText)
                .contains("cpu.avx2", "memory.available", "bpf.rights");

        assertThat(shownProviders()).contains("zstd", "none");
        assertThat(shownActive()).contains("zstd");
        assertThat(selectedInForm()).isEqualTo("auto");
    }

    @Test
    @Order(3)
    void selectingNoneInTheFormMakesItActive() throws Exception {
        chooseInCompressionForm("none");
        assertThat(shownActive()).as("the page after the form").contains("none");
        assertThat(driver.findElements(By.cssSelector("p.pangea-override"))).extracting(WebElement::getText)
                .containsExactly("override: none");
        assertThat(selectedInForm()).isEqualTo("none");
        assertThat(driver.getCurrentUrl()).doesNotContain("error=");
        screenshot(SCREENSHOT);

        List<Row> rows = node.providers("compression");
        assertThat(PangeaNode.active(rows)).as("bin/pangea pangea:providers compression: " + rows).contains("none");
    }

    @Test
    @Order(4)
    void selectingAutoBringsZstdBack() {
        chooseInCompressionForm("auto");
        assertThat(shownActive()).as("the page after the form").contains("zstd");
        assertThat(driver.findElements(By.cssSelector("p.pangea-override"))).isEmpty();
        assertThat(selectedInForm()).isEqualTo("auto");

        List<Row> rows = node.providers("compression");
        assertThat(PangeaNode.active(rows)).as("bin/pangea pangea:providers compression: " + rows).contains("zstd");
    }

    // --- the page ----------------------------------------------------------------------------------------------

    /** Picks PROVIDER in the compression form and presses its Select button; waits for the page that follows. */
    private static void chooseInCompressionForm(String provider) {
        WebElement form = compressionForm();
        new Select(form.findElement(By.name("provider"))).selectByVisibleText(provider);
        form.findElement(By.xpath(".//button[normalize-space()='Select']")).click();
        new WebDriverWait(driver, PAGE_TIMEOUT).until(ExpectedConditions.stalenessOf(form));
        new WebDriverWait(driver, PAGE_TIMEOUT).until(ExpectedConditions.presenceOfElementLocated(By.id("pangea")));
        assertThat(navigationStatus()).as("HTTP status of the page after the form").isEqualTo(200);
    }

    private static WebElement compressionForm() {
        return driver.findElement(By.xpath("//form[input[@name='capability' and @value='compression']]"));
    }

    private static String selectedInForm() {
        return new Select(compressionForm().findElement(By.name("provider"))).getFirstSelectedOption().getText();
    }

    private static List<WebElement> compressionRows() {
        return driver.findElements(By.cssSelector("table.pangea-providers[data-capability='compression'] tbody tr"));
    }

    private static List<String> shownProviders() {
        return compressionRows().stream().map(row -> row.findElement(By.cssSelector("td")).getText()).toList();
    }

    /** The provider whose row shows "active" in the Active column, as the operator reads it. */
    private static Optional<String> shownActive() {
        List<String> active = compressionRows().stream()
                .filter(row -> row.findElements(By.cssSelector("td")).get(3).getText().equals("active"))
                .map(row -> row.findElement(By.cssSelector("td")).getText())
                .toList();
        assertThat(active).as("at most one active provider on the page").hasSizeLessThanOrEqualTo(1);
        return active.stream().findFirst();
    }

    /** The HTTP status of the document the browser shows (Navigation Timing). */
    private static long navigationStatus() {
        Object status = ((JavascriptExecutor) driver)
                .executeScript("return performance.getEntriesByType('navigation')[0].responseStatus;");
        return ((Number) status).longValue();
    }

    private static void screenshot(Path file) throws IOException {
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    // --- set-up ------------------------------------------------------------------------------------------------

    private static void requireExecutable(Path file, String debianPackage) {
        if (!Files.isExecutable(file)) {
            fail(file + " is missing: this test drives Debian's " + debianPackage + " package. Install it with "
                    + "karaf-assembly/scripts/install-deps.sh (as root or with sudo), as CI does.");
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static String withUserInfo(URI page, String user, String password) throws URISyntaxException {
        // the multi-argument constructor quotes what the user info needs quoted
        return new URI(page.getScheme(), user + ":" + password, page.getHost(), page.getPort(), page.getPath(),
                null, null).toASCIIString();
    }
}
