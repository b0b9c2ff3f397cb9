package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds, in what Keycloak printed, the one line that says why it did not start. */
final class StartupLog {

    private static final int MAX_LENGTH = 300;
    /** {@code 2026-11-23 21:51:40,000 ERROR [category] (thread) }, before a logged message. */
    private static final String LOG_PREFIX = "^\\d{4}-\\d{2}-\\d{2} [0-9:,.]+ +[A-Z]+ +\\[[^]]*] \\([^)]*\\) ";

    private StartupLog() {
    }

    /**
     * Keycloak ends a failed start with {@code ERROR: ...} lines, the last naming the cause; logged errors
     * ({@code ... ERROR [category] (thread) message}) come earlier. Prefers the former, then the latter, then the last
     * line printed.
     */
    static String reason(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "no output to read";
        }
        return summarise(lines);
    }

    static String summarise(List<String> lines) {
        List<String> messages = lines.stream().map(line -> line.replaceFirst(LOG_PREFIX, "")).toList();
        Optional<String> cause = messages.stream().filter(message -> message.startsWith("ERROR: "))
                .reduce((first, second) -> second).map(message -> message.substring("ERROR: ".length()));
        Optional<String> logged = lines.stream().filter(line -> line.contains(" ERROR ["))
                .findFirst().map(line -> line.replaceFirst(LOG_PREFIX, ""));
        Optional<String> last = messages.stream().filter(message -> !message.isBlank()).reduce((first, second) -> second);
        String reason = cause.or(() -> logged).or(() -> last).orElse("it printed nothing");
        return reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) + "..." : reason;
    }
}
