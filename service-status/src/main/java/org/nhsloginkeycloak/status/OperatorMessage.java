package org.nhsloginkeycloak.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * What an operator tells citizens, in English and Welsh, until it expires: shown on every login page of the realm
 * whatever the measured state, and in the public status. Kept as a realm attribute, so every node shows the same.
 */
public record OperatorMessage(String english, String welsh, Severity severity, Instant expires, Instant set) {

    /** The most an operator may type in one language: a banner, not a page. */
    public static final int MAX_LENGTH = 500;
    /** A message left on by mistake ends within a week. */
    public static final Duration LONGEST = Duration.ofDays(7);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("en", "cy", "severity", "expires");

    /** {@code info} is an inset notice; {@code warning} a warning. */
    public enum Severity {
        INFO, WARNING;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(expires);
    }

    public String text(String languageTag) {
        return languageTag != null && languageTag.startsWith("cy") ? welsh : english;
    }

    /**
     * Reads an operator's request, {@code {"en": ..., "cy": ..., "severity": "info"|"warning", "expires": ISO instant}}.
     *
     * @throws IllegalArgumentException saying what is wrong, for a 400
     */
    public static OperatorMessage parse(String body, Instant now) {
        JsonNode json;
        try {
            json = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new IllegalArgumentException("The body is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object with en, cy, severity and expires");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("Unknown field '" + name + "': only en, cy, severity and expires");
            }
        }
        String english = text(json, "en");
        String welsh = text(json, "cy");
        String severity = json.path("severity").asText("");
        Severity chosen;
        try {
            chosen = Severity.valueOf(severity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity must be info or warning");
        }
        Instant expires;
        try {
            expires = Instant.parse(json.path("expires").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expires must be an ISO 8601 instant, like 2026-11-24T18:00:00Z");
        }
        if (!expires.isAfter(now)) {
            throw new IllegalArgumentException("expires must be in the future");
        }
        if (expires.isAfter(now.plus(LONGEST))) {
            throw new IllegalArgumentException("expires must be within " + LONGEST.toDays() + " days");
        }
        return new OperatorMessage(english, welsh, chosen, expires, now);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required: the message in "
                    + (field.equals("en") ? "English" : "Welsh"));
        }
        String text = value.asText().strip();
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(field + " must be " + MAX_LENGTH + " characters or fewer");
        }
        return text;
    }

    /** As it is stored and shown to administrators. */
    public String toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("en", english).put("cy", welsh).put("severity", severity.id()).put("expires", expires.toString())
                .put("set", set.toString());
        return json.toString();
    }

    /** What {@link #toJson()} wrote; null when there is nothing usable (never set, or edited by hand into nonsense). */
    public static OperatorMessage stored(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return new OperatorMessage(node.path("en").asText(), node.path("cy").asText(),
                    Severity.valueOf(node.path("severity").asText().toUpperCase(Locale.ROOT)),
                    Instant.parse(node.path("expires").asText()), Instant.parse(node.path("set").asText()));
        } catch (Exception e) {
            return null;
        }
    }
}
