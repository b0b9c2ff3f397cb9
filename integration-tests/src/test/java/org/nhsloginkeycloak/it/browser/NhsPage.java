package org.nhsloginkeycloak.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;

/**
 * What every page of the theme offers a test: its heading and language, the error summary, keyboard-only moves, and
 * the accessibility check with screenshots. A page object per page extends it with that page's own actions.
 */
public class NhsPage {

    private static final int[] SCREENSHOT_WIDTHS = {375, 1280};

    protected final Page page;

    protected NhsPage(Page page) {
        this.page = page;
    }

    public Page page() {
        return page;
    }

    public String heading() {
        return page.locator("h1").textContent().trim();
    }

    public String language() {
        return page.locator("html").getAttribute("lang");
    }

    public String errorSummary() {
        return page.locator("#nhs-error-summary").textContent().trim();
    }

    /** Where the error summary's link for {@code field} points, as a screen-reader user would follow it. */
    public String errorSummaryLink(String field) {
        return page.locator("#nhs-error-summary a[href='#" + field + "']").textContent().trim();
    }

    /**
     * Runs axe for WCAG 2.2 A and AA and fails on any violation, then saves full-page screenshots at 375 and 1280 px
     * as {@code <name>-<width>.png} under {@code target/screenshots}.
     */
    public void assertAccessible(String name) {
        assertThat(Axe.violations(page)).as("axe on %s (%s)", name, page.url()).isEmpty();
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        for (int width : SCREENSHOT_WIDTHS) {
            page.setViewportSize(width, 900);
            page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + "-" + width + ".png"))
                    .setFullPage(true));
        }
        page.setViewportSize(1280, 900);
    }

    /** Presses Tab until {@code selector} has the focus, as a keyboard user would; fails if it never does. */
    protected void tabTo(String selector) {
        for (int presses = 0; presses < 30; presses++) {
            page.keyboard().press("Tab");
            if ((Boolean) page.evaluate("s => document.activeElement !== null && document.activeElement.matches(s)",
                    selector)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + selector + " on " + page.url());
    }

    /** Tabs to a field and types into it. */
    protected void type(String selector, String text) {
        tabTo(selector);
        page.keyboard().type(text);
    }

    /** Presses Enter where the focus is and waits for the page it leads to. */
    protected void pressEnterAndWait() {
        page.waitForNavigation(() -> page.keyboard().press("Enter"));
    }

    /** Tabs to a button or link and presses Enter on it, waiting for the page it leads to. */
    public void submitByKeyboard(String selector) {
        tabTo(selector);
        pressEnterAndWait();
    }

    /** Follows the language switch to Welsh by keyboard. */
    public void switchToWelshByKeyboard() {
        tabTo("#nhs-language a[lang=cy]");
        pressEnterAndWait();
    }
}
