package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The owner's view of a leaked token in a real headless Chromium: after a signed GitHub report revoked two of
 * alice's tokens, the API Tokens page shows a banner naming each and where it was found, and each row says
 * "Reported as leaked" and "Found at …"; only an {@code http(s)} source becomes a link. Skipped without the
 * browser as {@link BrowserTest} is.
 */
class LeakBannerBrowserTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path keysDir;
    @TempDir
    Path profileDir;

    @Test
    void bannerAndRowsShowWhereALeakedTokenWasFound() throws Exception {
        BrowserTest.requireBrowser();
        KeyPair partner = SecretScanningTest.p256();
        Path document = keysDir.resolve("github-keys.json");
        String pem = "-----BEGIN PUBLIC KEY-----\\n"
                + Base64.getEncoder().encodeToString(partner.getPublic().getEncoded())
                + "\\n-----END PUBLIC KEY-----";
        Files.writeString(document, "{\"public_keys\": [{\"key_identifier\": \"k1\", \"key\": \"" + pem + "\"}]}");
        try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--data-dir",
                dataDir.toString(), "--github-scanning-keys", document.toString()))) {
            TestHttp alice = new TestHttp(server.uri()).login("alice", "wonderland-42");
            String committed = alice.createToken("{\"name\":\"committed\"}").get("token").asText();
            String pasted = alice.createToken("{\"name\":\"pasted\"}").get("token").asText();
            alice.createToken("{\"name\":\"untouched\"}");
            String url = "https://github.com/alice/notes/blob/3f2a9c1/.env";
            String body = "[{\"token\":\"" + committed + "\",\"type\":\"speakr_api_token\",\"url\":\"" + url + "\"},"
                    + "{\"token\":\"" + pasted + "\",\"type\":\"speakr_api_token\",\"url\":\"javascript:alert(1)\"}]";
            TestHttp.Response report = alice.postJson("/api/secret-scanning/github", body,
                    "Github-Public-Key-Identifier", "k1", "Github-Public-Key-Signature",
                    SecretScanningTest.sign(partner.getPrivate(), body));
            assertThat(report.status()).as(report.toString()).isEqualTo(200);

            String base = server.uri().toString().replaceAll("/$", "");
            BrowserTest chromium = new BrowserTest();
            chromium.profileDir = profileDir;
            ChromeDriver browser = chromium.browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get(base + "/");
                BrowserTest.logInAsAlice(browser, wait, base);
                wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

                WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("leak-banner")));
                List<WebElement> sentences = banner.findElements(By.className("leak-report"));
                assertThat(sentences).hasSize(2);
                assertThat(banner.getText())
                        .contains("A token of yours, \"committed\", was found published at " + url + " and revoked")
                        .contains("A token of yours, \"pasted\", was found published at javascript:alert(1) and revoked")
                        .contains("GitHub secret scanning");
                List<WebElement> links = banner.findElements(By.tagName("a"));
                assertThat(links).hasSize(1);
                assertThat(links.get(0).getAttribute("href")).isEqualTo(url);
                assertThat(links.get(0).getAttribute("rel")).isEqualTo("noopener noreferrer nofollow");

                WebElement committedRow = row(browser, "committed");
                assertThat(committedRow.findElement(By.className("badge")).getText()).isEqualTo("Revoked");
                assertThat(committedRow.findElement(By.className("revocation-reason")).getText())
                        .isEqualTo("Reported as leaked");
                assertThat(committedRow.findElement(By.className("leak-source")).getText()).isEqualTo("Found at " + url);
                assertThat(row(browser, "pasted").findElement(By.className("leak-source")).findElements(By.tagName("a")))
                        .isEmpty();
                WebElement untouched = row(browser, "untouched");
                assertThat(untouched.findElement(By.className("badge")).getText()).isEqualTo("Active");
                assertThat(untouched.findElements(By.className("leak-source"))).isEmpty();
                assertThat(browser.getPageSource()).doesNotContain(committed).doesNotContain(pasted);
                BrowserTest.screenshot(browser, "browser-api-tokens-leaked.png");

                List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
                assertThat(console).filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                        .isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    private static WebElement row(ChromeDriver browser, String name) {
        for (WebElement row : browser.findElements(By.cssSelector("#tokens-body tr"))) {
            if (row.findElement(By.className("token-name")).getText().startsWith(name)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + name);
    }
}
