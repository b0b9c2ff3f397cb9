package org.nhsloginkeycloak.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;

/**
 * What an administrator sends to create a campaign:
 * <pre>{@code
 * {"name": "Winter uplift",
 *  "templates": {"en": "<Notify email template id>", "cy": "<Notify email template id>"},
 *  "audience": {"registered-before": "2026-01-01", "signed-in-since": "2025-06-01", "locale": "cy"},
 *  "per-minute": 600}
 * }</pre>
 * {@code audience}, each of its fields and {@code per-minute} (the most emails a minute, never more than the server's
 * {@code --spi-nhs-campaign-sender--govuk-notify--per-minute}) are optional. Anything else is refused with a sentence saying why, so a typo
 * never silently widens an audience of millions.
 */
public record CampaignRequest(String name, String englishTemplate, String welshTemplate, Audience audience,
        Integer perMinute) {

    static final int NAME_LIMIT = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "templates", "audience", "per-minute");
    /** Far above any Notify service's limit; only a typo asks for more. */
    static final int PER_MINUTE_LIMIT = 1_000_000;
    private static final Set<String> LANGUAGES = Set.of("en", "cy");
    private static final Set<String> AUDIENCE_FIELDS = Set.of("registered-before", "signed-in-since", "locale");

    /** @throws IllegalArgumentException saying what is wrong, for a 400 */
    public static CampaignRequest parse(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object with name, templates and audience");
        }
        onlyKnown(json, FIELDS, "");
        String name = json.path("name").isTextual() ? json.path("name").asText().strip() : "";
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is required: a few words an administrator will recognise");
        }
        if (name.length() > NAME_LIMIT) {
            throw new IllegalArgumentException("name must be at most " + NAME_LIMIT + " characters");
        }
        JsonNode templates = json.path("templates");
        if (!templates.isObject()) {
            throw new IllegalArgumentException("templates is required: {\"en\": id, \"cy\": id}, the GOV.UK Notify email"
                    + " template for each language");
        }
        onlyKnown(templates, LANGUAGES, "templates.");
        JsonNode audience = json.path("audience");
        if (!audience.isMissingNode() && !audience.isNull() && !audience.isObject()) {
            throw new IllegalArgumentException("audience must be an object, e.g. {\"registered-before\": \"2026-01-01\"}");
        }
        return new CampaignRequest(name, template(templates, "en"), template(templates, "cy"),
                audience.isObject() ? audience(audience) : Audience.EVERYONE, perMinute(json.path("per-minute")));
    }

    private static String template(JsonNode templates, String language) {
        JsonNode id = templates.path(language);
        String problem = "templates." + language + " must be the id of a GOV.UK Notify email template (a UUID)";
        if (!id.isTextual()) {
            throw new IllegalArgumentException(problem);
        }
        try {
            UUID parsed = UUID.fromString(id.asText());
            if (!parsed.toString().equalsIgnoreCase(id.asText())) {
                throw new IllegalArgumentException(problem);
            }
            return parsed.toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static Integer perMinute(JsonNode rate) {
        if (rate.isMissingNode() || rate.isNull()) {
            return null;
        }
        if (!rate.isIntegralNumber() || rate.asLong() < 1 || rate.asLong() > PER_MINUTE_LIMIT) {
            throw new IllegalArgumentException("per-minute must be a whole number of emails a minute, from 1 to "
                    + PER_MINUTE_LIMIT);
        }
        return rate.asInt();
    }

    private static Audience audience(JsonNode audience) {
        onlyKnown(audience, AUDIENCE_FIELDS, "audience.");
        LocalDate before = date(audience, "registered-before");
        LocalDate signedIn = date(audience, "signed-in-since");
        String locale = null;
        JsonNode language = audience.path("locale");
        if (!language.isMissingNode() && !language.isNull()) {
            if (!language.isTextual() || !LANGUAGES.contains(language.asText())) {
                throw new IllegalArgumentException("audience.locale must be \"en\" or \"cy\"");
            }
            locale = language.asText();
        }
        return new Audience(before, signedIn, locale);
    }

    private static LocalDate date(JsonNode audience, String field) {
        JsonNode value = audience.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            if (!value.isTextual()) {
                throw new DateTimeParseException("not text", value.toString(), 0);
            }
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("audience." + field + " must be a date, YYYY-MM-DD");
        }
    }

    private static void onlyKnown(JsonNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown field " + prefix + name + "; expected "
                        + String.join(", ", known.stream().sorted().map(field -> prefix + field).toList()));
            }
        }
    }
}
