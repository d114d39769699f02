package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API Tokens page in a real headless Chromium (Debian packages {@code chromium} and {@code chromium-driver}):
 * log in, create a token, read it from the one-time display, call the API with it, revoke it, see 401; create a
 * token with scopes picked by checkbox and see them hold; regenerate a token with an overlap.
 * Without the browser the test is skipped loudly, unless {@code SPEAKR_REQUIRE_BROWSER=1}, which fails it.
 */
class BrowserTest {
    /** Overridable with {@code -Dspeakr.chromium=…} / {@code -Dspeakr.chromedriver=…}. */
    static final Path CHROMIUM = Path.of(System.getProperty("speakr.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("speakr.chromedriver", "/usr/bin/chromedriver"));

    @TempDir
    Path dataDir;

    @TempDir
    Path profileDir;

    static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "BrowserTest needs " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install -y chromium chromium-driver)";
        if ("1".equals(System.getenv("SPEAKR_REQUIRE_BROWSER"))) {
            Assertions.fail(message + ", and SPEAKR_REQUIRE_BROWSER=1 requires them");
        }
        System.err.println("SKIPPED: " + message + "; set SPEAKR_REQUIRE_BROWSER=1 to make this a failure");
        Assumptions.assumeTrue(false, message);
    }

    @Test
    void createTokenInPageCallApiRevokeInPageThen401() throws Exception {
        requireBrowser();
        try (ExampleServer server = ExampleServer.start(
                Options.parse("--port", "0", "--data-dir", dataDir.toString()))) {
            String base = server.uri().toString().replaceAll("/$", "");
            ChromeDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get(base + "/");
                assertThat(browser.getTitle()).isEqualTo("Speakr — Log in");
                screenshot(browser, "browser-login.png");
                logInAsAlice(browser, wait, base);
                wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
                assertThat(browser.findElement(By.id("username")).getText()).isEqualTo("alice");
                assertThat(browser.findElement(By.id("tab-tokens")).getText()).isEqualTo("API Tokens");
                assertThat(new Select(browser.findElement(By.id("token-expiration"))).getOptions())
                        .extracting(WebElement::getText)
                        .containsExactly("No expiration", "7 days", "30 days", "90 days", "1 year");
                assertThat(browser.findElement(By.id("no-tokens")).isDisplayed()).isTrue();
                assertThat(browser.findElements(By.cssSelector("#token-scopes input[type=checkbox]")))
                        .extracting(box -> box.getAttribute("value"))
                        .containsExactly("recordings:read", "tags:read", "tokens:write");
                assertThat(browser.findElement(By.id("scopes-note")).getText())
                        .contains("Leave every scope unchecked for full access");

                browser.findElement(By.id("token-name")).sendKeys("Browser test");
                new Select(browser.findElement(By.id("token-expiration"))).selectByVisibleText("90 days");
                browser.findElement(By.id("create-token-button")).click();

                WebElement display = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
                assertThat(display.getText()).contains("shown only this once");
                String token = browser.findElement(By.id("new-token-value")).getText();
                assertThat(token).matches("spk_[A-Za-z0-9]{49}");
                browser.findElement(By.id("copy-token-button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("copy-token-button"), "Copied"));

                WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#tokens-body tr")));
                List<WebElement> cells = row.findElements(By.tagName("td"));
                assertThat(cells.get(0).getText()).startsWith("Browser test")
                        .contains("spk_…" + token.substring(token.length() - 4));
                assertThat(cells.get(0).findElement(By.className("token-scopes")).getText()).isEqualTo("Full access");
                assertThat(cells.get(1).getText()).isEqualTo("Active");
                assertThat(cells.get(3).getText()).isEqualTo("Never");
                assertThat(cells.get(4).getText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
                screenshot(browser, "browser-api-tokens-created.png");

                TestHttp api = new TestHttp(server.uri());
                TestHttp.Response ok = api.get("/api/recordings", "Authorization", "Bearer " + token);
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.json().get("pagination").get("total").asInt()).isEqualTo(42);

                browser.findElement(By.cssSelector("#tokens-body tr .revoke-button")).click();
                Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
                assertThat(confirm.getText()).contains("Revoke the token \"Browser test\"");
                confirm.accept();
                wait.until(ExpectedConditions.textToBe(By.cssSelector("#tokens-body tr td:nth-child(2) .badge"),
                        "Revoked"));
                assertThat(browser.findElement(By.cssSelector("#tokens-body tr .revocation-reason")).getText())
                        .isEqualTo("Revoked by you");
                assertThat(browser.findElements(By.cssSelector("#tokens-body tr .revoke-button"))).isEmpty();
                screenshot(browser, "browser-api-tokens-revoked.png");

                TestHttp.Response refused = api.get("/api/recordings", "Authorization", "Bearer " + token);
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");

                scopedTokenFromCheckboxes(browser, wait, api);

                // Shown once: after a reload the page has no trace of the plaintext.
                browser.navigate().refresh();
                wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
                assertThat(browser.findElement(By.id("new-token")).isDisplayed()).isFalse();
                assertThat(browser.getPageSource()).doesNotContain(token);
                // No script errors and no Content-Security-Policy violations in the console (the probe proves
                // that the console is captured at all).
                browser.executeScript("console.error('speakr-console-probe')");
                List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
                assertThat(console).anySatisfy(entry -> assertThat(entry.getMessage()).contains("speakr-console-probe"));
                assertThat(console)
                        .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                        .filteredOn(entry -> !entry.getMessage().contains("speakr-console-probe"))
                        .isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    /** Issue 12, item 1: the page lets the user pick scopes; the checked ones are the token's, and hold. */
    private static void scopedTokenFromCheckboxes(ChromeDriver browser, WebDriverWait wait, TestHttp api)
            throws Exception {
        browser.findElement(By.id("dismiss-token-button")).click();
        browser.findElement(By.id("token-name")).sendKeys("Scoped");
        browser.findElement(By.id("scope-recordings-read")).click();
        browser.findElement(By.id("scope-tags-read")).click();
        browser.findElement(By.id("create-token-button")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
        String scoped = browser.findElement(By.id("new-token-value")).getText();
        assertThat(scoped).matches("spk_[A-Za-z0-9]{49}");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#tokens-body tr:first-child .token-scopes"),
                "recordings:read, tags:read"));
        assertThat(browser.findElements(By.cssSelector("#token-scopes input:checked"))).isEmpty();
        screenshot(browser, "browser-api-tokens-scoped.png");

        assertThat(api.get("/api/recordings", "Authorization", "Bearer " + scoped).status()).isEqualTo(200);
        assertThat(api.get("/api/tags", "Authorization", "Bearer " + scoped).status()).isEqualTo(200);
        TestHttp.Response tokens = api.get("/api/tokens", "Authorization", "Bearer " + scoped);
        assertThat(tokens.status()).isEqualTo(403);
        assertThat(tokens.json().get("error").asText()).isEqualTo("insufficient_scope");
        browser.findElement(By.id("dismiss-token-button")).click();
    }

    /**
     * Issue 12, item 6: after the one-time token was shown, neither Back from another page nor Back after logout
     * shows it again (the page is {@code no-store} and wipes the token on {@code pagehide} and on logout).
     */
    @Test
    void item6OneTimeTokenIsGoneAfterLeavingThePageOrLoggingOutAndGoingBack() throws Exception {
        requireBrowser();
        try (ExampleServer server = ExampleServer.start(
                Options.parse("--port", "0", "--data-dir", dataDir.toString()))) {
            String base = server.uri().toString().replaceAll("/$", "");
            ChromeDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get(base + "/");
                logInAsAlice(browser, wait, base);

                String first = createInPage(browser, wait, "Back test");
                browser.get(base + "/static/favicon.svg");
                browser.navigate().back();
                wait.until(ExpectedConditions.urlToBe(base + "/account"));
                wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
                assertThat(browser.getPageSource()).doesNotContain(first);
                assertThat(browser.findElement(By.id("new-token")).isDisplayed()).isFalse();

                String second = createInPage(browser, wait, "Logout test");
                browser.findElement(By.id("logout-button")).click();
                wait.until(ExpectedConditions.urlToBe(base + "/"));
                browser.navigate().back();
                wait.until(d -> !browser.getCurrentUrl().isEmpty());
                assertThat(browser.getPageSource()).doesNotContain(second).doesNotContain(first);
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * Regenerate in the page: with an overlap of one hour the new token is shown once, the old one keeps working
     * until the new one is first used and is then refused; after a reload the old one is listed as replaced and the
     * new one names it. Allowed networks typed into the creation form are listed, and a malformed one is refused
     * with the library's message.
     */
    @Test
    void regenerateWithAnOverlapShowsTheNewTokenOnceAndRetiresTheOldOneOnItsFirstUse() throws Exception {
        requireBrowser();
        try (ExampleServer server = ExampleServer.start(
                Options.parse("--port", "0", "--data-dir", dataDir.toString()))) {
            String base = server.uri().toString().replaceAll("/$", "");
            ChromeDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get(base + "/");
                logInAsAlice(browser, wait, base);
                String old = createInPage(browser, wait, "Regenerate test");
                browser.findElement(By.id("dismiss-token-button")).click();
                WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#tokens-body tr")));
                String oldId = row.getAttribute("data-token-id");
                assertThat(new Select(row.findElement(By.className("overlap-select"))).getOptions())
                        .extracting(WebElement::getText)
                        .containsExactly("No overlap", "1 hour overlap", "1 day overlap");
                new Select(row.findElement(By.className("overlap-select"))).selectByValue("1h");
                row.findElement(By.className("regenerate-button")).click();
                Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
                assertThat(confirm.getText()).contains("Regenerate the token \"Regenerate test\"")
                        .contains("after one hour, or as soon as the new token is used");
                confirm.accept();

                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
                wait.until(d -> !d.findElement(By.id("new-token-value")).getText().equals(old));
                String fresh = browser.findElement(By.id("new-token-value")).getText();
                assertThat(fresh).matches("spk_[A-Za-z0-9]{49}");
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tokens-body tr"), 2));
                assertThat(browser.findElement(By.cssSelector("#tokens-body tr[data-token-id='" + oldId
                        + "'] .revocation-reason")).getText()).startsWith("Replaced by a new token; works until");
                screenshot(browser, "browser-api-tokens-regenerated.png");

                TestHttp api = new TestHttp(server.uri());
                assertThat(api.get("/api/recordings", "Authorization", "Bearer " + old).status()).isEqualTo(200);
                assertThat(api.get("/api/recordings", "Authorization", "Bearer " + fresh, "User-Agent", "browser-test")
                        .status()).isEqualTo(200);
                TestHttp.Response refused = api.get("/api/recordings", "Authorization", "Bearer " + old);
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.json().get("error_description").asText()).isEqualTo("The token was rotated");
                assertThat(api.get("/api/recordings", "Authorization", "Bearer " + fresh, "User-Agent", "browser-test")
                        .status()).isEqualTo(200);

                server.tokens().flushLastUsed();
                browser.findElement(By.id("dismiss-token-button")).click();
                browser.navigate().refresh();
                wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
                assertThat(browser.getPageSource()).doesNotContain(fresh).doesNotContain(old);
                WebElement oldRow = browser.findElement(By.cssSelector("#tokens-body tr[data-token-id='" + oldId + "']"));
                assertThat(oldRow.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Revoked");
                assertThat(oldRow.findElement(By.className("revocation-reason")).getText())
                        .isEqualTo("Replaced by a new token");
                assertThat(oldRow.findElements(By.className("regenerate-button"))).isEmpty();
                WebElement newRow = browser.findElement(By.cssSelector("#tokens-body tr:first-child"));
                assertThat(newRow.findElement(By.className("token-predecessor")).getText())
                        .isEqualTo("Replaces Regenerate test (spk_…" + old.substring(old.length() - 4) + ")");
                assertThat(newRow.findElement(By.className("token-last-address")).getText()).isEqualTo("from 127.0.0.1");
                assertThat(newRow.findElement(By.className("token-last-agent")).getText()).isEqualTo("browser-test");
                screenshot(browser, "browser-api-tokens-rotated-after-reload.png");

                browser.findElement(By.id("token-name")).sendKeys("Office only");
                browser.findElement(By.id("token-networks")).sendKeys("10.0.0.0/8, 2001:db8::/32");
                browser.findElement(By.id("create-token-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
                wait.until(ExpectedConditions.textToBe(By.cssSelector("#tokens-body tr:first-child .token-networks"),
                        "Networks: 10.0.0.0/8, 2001:db8::/32"));
                assertThat(browser.findElement(By.id("token-networks")).getAttribute("value")).isEmpty();
                browser.findElement(By.id("dismiss-token-button")).click();
                browser.findElement(By.id("token-name")).sendKeys("Bad network");
                browser.findElement(By.id("token-networks")).sendKeys("10.0.0.300");
                browser.findElement(By.id("create-token-button")).click();
                WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-error")));
                assertThat(error.getText()).startsWith("allowedNetworks: expected").endsWith("got '10.0.0.300'");

                List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
                assertThat(console)
                        .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                        .filteredOn(entry -> !entry.getMessage().contains("/api/tokens - Failed to load resource"))
                        .isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    /** On the login page: logs in as alice and waits for the account page. */
    static void logInAsAlice(ChromeDriver browser, WebDriverWait wait, String base) {
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("wonderland-42");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/account"));
    }

    private static String createInPage(ChromeDriver browser, WebDriverWait wait, String name) {
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        browser.findElement(By.id("token-name")).sendKeys(name);
        browser.findElement(By.id("create-token-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
        String token = browser.findElement(By.id("new-token-value")).getText();
        assertThat(token).matches("spk_[A-Za-z0-9]{49}");
        return token;
    }

    ChromeDriver browser() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,1100", "--user-data-dir=" + profileDir.toAbsolutePath());
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    static void screenshot(ChromeDriver browser, String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
