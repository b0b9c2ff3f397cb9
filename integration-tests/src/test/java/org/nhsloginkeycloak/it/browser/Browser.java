package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by Playwright with the machine's node: nothing is downloaded. One per test
 * class; each {@link #newPage()} is a fresh browser profile (no cookies), as a new citizen would have.
 */
public final class Browser implements AutoCloseable {

    /** Debian's package; `.ci/run` installs it when absent. */
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;

    public Browser() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("The browser tests need Debian's Chromium at " + CHROMIUM
                    + ": apt-get install -y chromium (.ci/run does this when it is absent)");
        }
        // Without its driver-bundle jar, Playwright runs its driver on this node instead of a downloaded one.
        System.setProperty("playwright.nodejs.path", onPath("node").toString());
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox")));
    }

    /** A page in a fresh profile, 1280 px wide, in English. */
    public Page newPage() {
        return newPage("en-GB");
    }

    /** The same, for a browser set to {@code locale} (its Accept-Language), e.g. {@code cy-GB}. */
    public Page newPage(String locale) {
        return chromium.newContext(options().setLocale(locale)).newPage();
    }

    /** An English page with JavaScript turned off: every page must still work. */
    public Page newPageWithoutJavaScript() {
        return chromium.newContext(options().setLocale("en-GB").setJavaScriptEnabled(false)).newPage();
    }

    private static com.microsoft.playwright.Browser.NewContextOptions options() {
        return new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 900);
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The browser tests need " + command + " on the PATH");
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
