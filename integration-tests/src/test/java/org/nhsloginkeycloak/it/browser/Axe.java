package org.nhsloginkeycloak.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nhsloginkeycloak.it.support.Json;

/** axe-core (npm, path from the build), run in the page for WCAG 2.2 A and AA. No rule is disabled. */
final class Axe {

    private static final String SOURCE = load();
    private static final String RUN = """
            async () => {
              const results = await axe.run(document, { runOnly: { type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } });
              return JSON.stringify(results.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')) })));
            }""";

    private Axe() {
    }

    /** The violations on the page as it is now, one line each; empty when there are none. */
    static List<String> violations(Page page) {
        // evaluate, not addScriptTag: a strict Content-Security-Policy would block an injected script tag.
        page.evaluate(SOURCE);
        JsonNode found = Json.parse((String) page.evaluate(RUN));
        List<String> lines = new ArrayList<>();
        found.forEach(v -> lines.add(v.path("id").asText() + " (" + v.path("impact").asText() + "): "
                + v.path("help").asText() + " at " + v.path("nodes")));
        return lines;
    }

    private static String load() {
        String path = System.getProperty("axe.script");
        if (path == null) {
            throw new IllegalStateException("Run the browser tests through Maven (mvn verify): it sets axe.script");
        }
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core is missing at " + path + "; the build runs npm ci for it", e);
        }
    }
}
