package org.nhsloginkeycloak.connectors.pds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nhsloginkeycloak.core.NhsNumber;

/**
 * Reads PDS's answers (FHIR R4 JSON, as in the published specification and its sandbox) into {@link PdsAnswer}s. Pure:
 * no HTTP, so every published example can be fed through it.
 */
final class PdsResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode MISSING = MissingNode.getInstance();
    /** The one confidentiality code that releases a record's location and contacts; R, V and any other withhold them. */
    private static final String UNRESTRICTED = "U";
    private static final String REDACTED = "REDACTED";
    private static final PdsAnswer UNREADABLE = new PdsAnswer.Unusable(PdsAnswer.Why.UNREADABLE);

    private PdsResponses() {
    }

    /** A search's answer: a searchset Bundle, a {@code TOO_MANY_MATCHES} OperationOutcome, or an error. */
    static PdsAnswer search(int status, String body, Optional<String> retryAfter) {
        if (status != 200) {
            return failure(status, body, retryAfter);
        }
        JsonNode json = parse(body);
        if (json == null) {
            return UNREADABLE;
        }
        if ("OperationOutcome".equals(json.path("resourceType").asText())) {
            return hasCode(json, "TOO_MANY_MATCHES") ? new PdsAnswer.TooManyMatches() : UNREADABLE;
        }
        if (!"Bundle".equals(json.path("resourceType").asText())) {
            return UNREADABLE;
        }
        JsonNode entries = json.path("entry");
        int total = json.path("total").asInt(entries.size());
        if (total == 0 || entries.isEmpty()) {
            return new PdsAnswer.NotFound();
        }
        if (total > 1 || entries.size() > 1) {
            return new PdsAnswer.TooManyMatches();
        }
        return patient(entries.get(0).path("resource"));
    }

    /** A read's answer: a Patient, or an error such as {@code RESOURCE_NOT_FOUND} or {@code INVALIDATED_RESOURCE}. */
    static PdsAnswer read(int status, String body, Optional<String> retryAfter) {
        if (status == 404) {
            JsonNode json = parse(body);
            return json != null && hasCode(json, "INVALIDATED_RESOURCE") ? new PdsAnswer.Invalidated()
                    : new PdsAnswer.NotFound();
        }
        if (status != 200) {
            return failure(status, body, retryAfter);
        }
        JsonNode json = parse(body);
        return json == null ? UNREADABLE : patient(json);
    }

    private static PdsAnswer patient(JsonNode resource) {
        // A record without a valid NHS number is not one we can link a citizen to, whatever else it says.
        if (!"Patient".equals(resource.path("resourceType").asText()) || !NhsNumber.isValid(resource.path("id").asText())) {
            return UNREADABLE;
        }
        if (securityCodes(resource).contains(REDACTED)) {
            // PDS answers 404 for these; should one ever arrive, its data "should not be used".
            return new PdsAnswer.Invalidated();
        }
        try {
            return new PdsAnswer.Found(toPatient(resource), resource);
        } catch (DateTimeParseException e) {
            return UNREADABLE;
        }
    }

    static PdsPatient toPatient(JsonNode resource) {
        JsonNode name = usualName(resource.path("name"));
        List<String> given = new ArrayList<>();
        name.path("given").forEach(part -> given.add(part.asText()));
        String middle = given.size() > 1 ? String.join(" ", given.subList(1, given.size())) : null;
        boolean restricted = restricted(resource);
        List<PdsPhone> phones = new ArrayList<>();
        // PDS removes a restricted record's telecom and GP; should a V (very restricted) or unknown code still carry
        // them, they are withheld here too, so no claim or AMNV offer can release where the patient is.
        for (JsonNode telecom : restricted ? MISSING : resource.path("telecom")) {
            if ("phone".equals(telecom.path("system").asText()) && telecom.path("value").isTextual()) {
                phones.add(new PdsPhone(telecom.path("value").asText(), text(telecom.path("use")),
                        date(telecom.path("period").path("end"))));
            }
        }
        JsonNode gp = restricted ? MISSING
                : resource.path("generalPractitioner").path(0).path("identifier").path("value");
        return new PdsPatient(resource.path("id").asText(), given.isEmpty() ? null : given.get(0), middle,
                text(name.path("family")), date(resource.path("birthDate")), deceased(resource), restricted, text(gp),
                phones, text(resource.path("meta").path("versionId")));
    }

    /**
     * Restricted unless PDS marks the record {@code U}: {@code R} (restricted), {@code V} (very restricted, the
     * confidentiality code system's stricter level) and a record with no marking or an unknown one are all treated as
     * withholding their location and contacts, failing closed.
     */
    private static boolean restricted(JsonNode resource) {
        List<String> codes = securityCodes(resource);
        return codes.isEmpty() || codes.stream().anyMatch(code -> !UNRESTRICTED.equals(code));
    }

    private static List<String> securityCodes(JsonNode resource) {
        List<String> codes = new ArrayList<>();
        resource.path("meta").path("security").forEach(security -> codes.add(security.path("code").asText()));
        return codes;
    }

    /**
     * FHIR's {@code deceased[x]} comes as {@code deceasedDateTime} or {@code deceasedBoolean}: a date of death, or
     * {@code true}, is a deceased patient; only {@code false} (or neither) is a living one.
     */
    private static boolean deceased(JsonNode resource) {
        JsonNode dateTime = resource.path("deceasedDateTime");
        JsonNode flag = resource.path("deceasedBoolean");
        return !(dateTime.isMissingNode() || dateTime.isNull())
                || !(flag.isMissingNode() || flag.isNull() || flag.isBoolean() && !flag.booleanValue());
    }

    /** The {@code usual} name; PDS has exactly one, but a record without the marker still has a first name. */
    private static JsonNode usualName(JsonNode names) {
        for (JsonNode name : names) {
            if ("usual".equals(name.path("use").asText())) {
                return name;
            }
        }
        return names.path(0);
    }

    /**
     * An update's answer: 200 with the Patient as it is now and its {@code ETag} ({@code W/"n"}, or failing that its
     * {@code meta.versionId}), or why not.
     */
    static PdsUpdate update(int status, String body, Optional<String> etag, Optional<String> retryAfter) {
        JsonNode json = parse(body);
        switch (status) {
            case 200 -> {
                if (json == null || !"Patient".equals(json.path("resourceType").asText())) {
                    // Taken or not, we cannot tell from this: a read will.
                    return new PdsUpdate.Unavailable(PdsAnswer.Why.UNREADABLE);
                }
                String version = etag.map(value -> value.replaceAll("^W/\"|\"$", ""))
                        .filter(value -> value.matches("[0-9]+"))
                        .orElse(json.path("meta").path("versionId").asText(null));
                return new PdsUpdate.Updated(json, version);
            }
            case 409 -> {
                return new PdsUpdate.VersionMismatch();
            }
            case 400, 403, 404, 412 -> {
                return new PdsUpdate.Refused(status, json == null ? "UNKNOWN" : code(json));
            }
            case 401 -> {
                return new PdsUpdate.NotAuthorised();
            }
            case 429 -> {
                return new PdsUpdate.Unavailable(PdsAnswer.Why.RATE_LIMITED, seconds(retryAfter));
            }
            case 408 -> {
                return new PdsUpdate.Unavailable(PdsAnswer.Why.TIMEOUT, seconds(retryAfter));
            }
            default -> {
                return new PdsUpdate.Unavailable(PdsAnswer.Why.SERVER_ERROR, seconds(retryAfter));
            }
        }
    }

    /** The first Spine error code of an OperationOutcome; {@code UNKNOWN} for none. */
    private static String code(JsonNode outcome) {
        for (JsonNode issue : outcome.path("issue")) {
            for (JsonNode coding : issue.path("details").path("coding")) {
                String code = coding.path("code").asText("");
                if (code.matches("[A-Z_]{1,64}")) {
                    return code;
                }
            }
        }
        return "UNKNOWN";
    }

    private static PdsAnswer failure(int status, String body, Optional<String> retryAfter) {
        return switch (status) {
            case 400 -> new PdsAnswer.Unusable(PdsAnswer.Why.BAD_REQUEST);
            case 401, 403 -> new PdsAnswer.Unavailable(PdsAnswer.Why.NOT_AUTHORISED);
            case 429 -> new PdsAnswer.Unavailable(PdsAnswer.Why.RATE_LIMITED, seconds(retryAfter));
            case 408 -> new PdsAnswer.Unavailable(PdsAnswer.Why.TIMEOUT, seconds(retryAfter));
            default -> new PdsAnswer.Unavailable(PdsAnswer.Why.SERVER_ERROR, seconds(retryAfter));
        };
    }

    /** The error code of an OperationOutcome, e.g. {@code TOO_MANY_MATCHES}. */
    static boolean hasCode(JsonNode outcome, String code) {
        for (JsonNode issue : outcome.path("issue")) {
            for (JsonNode coding : issue.path("details").path("coding")) {
                if (code.equals(coding.path("code").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<Duration> seconds(Optional<String> retryAfter) {
        try {
            return retryAfter.map(String::trim).map(Long::parseLong).filter(s -> s >= 0).map(Duration::ofSeconds);
        } catch (NumberFormatException e) {
            // An HTTP date instead of seconds: PDS documents seconds; without them the caller uses its own pause.
            return Optional.empty();
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static LocalDate date(JsonNode node) {
        // Period ends and birth dates are dates; a dateTime would carry a time we do not need.
        return node.isTextual() ? LocalDate.parse(node.asText().substring(0, Math.min(10, node.asText().length())))
                : null;
    }
}
