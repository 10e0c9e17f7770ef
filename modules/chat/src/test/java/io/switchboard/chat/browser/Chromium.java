// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.browser;

import io.switchboard.testsupport.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Selenium WebDriver and Debian's chromedriver: a chromedriver and a
 * browser of their own for each {@link BrowserPage}, with a fresh profile (a quit session stops its chromedriver, so
 * they are not shared). {@link #close()} quits every page. Blocking: JUnit thread only.
 */
final class Chromium implements AutoCloseable {

    /** Where Debian's {@code chromium} package puts the browser; {@code .ci/run} installs it. */
    static final Path BROWSER = Path.of("/usr/bin/chromium");

    /** Where Debian's {@code chromium-driver} package puts chromedriver, of the same version as the browser. */
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final List<BrowserPage> pages = new ArrayList<>();

    /**
     * Skips the calling test when the browser or its driver is not installed, or fails it when {@code CI=true},
     * where {@code .ci/run} must have installed both.
     */
    static void require() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            Services.missing("Chromium or chromedriver not installed at " + BROWSER + " and " + DRIVER
                    + " (apt-get install -y chromium chromium-driver)");
        }
    }

    /**
     * Opens a headless browser on {@code about:blank}.
     *
     * @param name the page's name in failure messages
     * @return the page; {@link #close()} quits it
     */
    BrowserPage newPage(String name) {
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1000,700");
        // the driver is given, so Selenium Manager is not asked to fetch one
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // a cold start on a loaded two-core machine has taken more than 10 s; a page load gets the same
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        BrowserPage page = new BrowserPage(driver, name);
        pages.add(page);
        return page;
    }

    /** Quits every page's browser and chromedriver. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (BrowserPage page : pages) {
            try {
                page.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        pages.clear();
        if (first != null) {
            throw first;
        }
    }
}
