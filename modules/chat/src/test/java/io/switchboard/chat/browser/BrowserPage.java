// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One page in its own headless browser, driven as a user would through WebDriver: navigate, type into an element,
 * click it, press Enter, and read the page with JavaScript. Blocking: JUnit thread only.
 */
final class BrowserPage implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    private final ChromeDriver driver;
    private final String name;

    BrowserPage(ChromeDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    /** Loads a URL and returns once the page has loaded. */
    void navigate(String url) {
        driver.navigate().to(url);
    }

    /** Reloads the page and returns once it has loaded again. */
    void reload() {
        driver.navigate().refresh();
    }

    /**
     * Runs JavaScript in the page.
     *
     * @param expression an expression; its value comes back as WebDriver returns values (String, Boolean, Long,
     *     List, Map)
     * @return its value
     */
    Object evaluate(String expression) {
        return driver.executeScript("return " + expression);
    }

    /**
     * Waits until a JavaScript condition is {@code true}, checking it every 50 ms. Script errors while waiting (such
     * as the page being replaced during navigation) count as "not yet".
     *
     * @param what what is awaited, for the failure message
     * @param condition a script whose value is a boolean
     * @param limit how long to wait
     * @throws AssertionError if the condition does not hold in time, with the page's URL and text
     */
    void waitFor(String what, String condition, Duration limit) {
        try {
            new WebDriverWait(driver, limit, POLL)
                    .ignoring(JavascriptException.class)
                    .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return " + condition)));
        } catch (TimeoutException e) {
            throw new AssertionError(name + " waited " + limit.toMillis() + " ms for " + what + "; " + state(), e);
        }
    }

    /** Types text into an element as keyboard input. */
    void type(String selector, String text) {
        driver.findElement(By.cssSelector(selector)).sendKeys(text);
    }

    /** Clicks an element with the mouse, scrolled into view. */
    void click(String selector) {
        driver.findElement(By.cssSelector(selector)).click();
    }

    /** Presses and releases Enter in the focused element. */
    void pressEnter() {
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    }

    /** Saves a PNG of the visible page. */
    void screenshot(Path file) throws IOException {
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    private String state() {
        try {
            return driver.getCurrentUrl() + " shows: " + evaluate("document.body.innerText.slice(0, 400)");
        } catch (WebDriverException e) {
            return "(page unreadable: " + e.getMessage() + ")";
        }
    }

    /** Quits this page's browser. */
    @Override
    public void close() {
        driver.quit();
    }

    @Override
    public String toString() {
        return "page " + name;
    }
}
