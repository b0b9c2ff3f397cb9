package org.nhsloginkeycloak.authenticators.details;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.utils.EmailValidationUtil;
import org.nhsloginkeycloak.authenticators.codes.UkMobileNumbers;
import org.nhsloginkeycloak.authenticators.uplift.UpliftDetails;
import org.nhsloginkeycloak.connectors.pds.PdsContactDetails;

/**
 * One change a P9 citizen asks for on "Your details": their home address, their mobile or their email, the three things
 * PDS lets a patient change on their own record. Read from the form and checked here, so the page re-renders with a
 * message per field and nothing reaches PDS that PDS would refuse for its form. Name, date of birth and gender are not
 * a kind of change: a form that sends them sends fields nobody reads. {@code toString} leaves every value out.
 *
 * @param lines the home address without its postcode, as typed (blank lines dropped); empty for a mobile or email
 * @param value the postcode of an address, the mobile (E.164) or the email address (lower case)
 */
record DetailsChange(Kind kind, List<String> lines, String value) {

    /** What is being changed, and the form fields it is read from. */
    enum Kind {
        ADDRESS, MOBILE, EMAIL;

        static Optional<Kind> named(String name) {
            for (Kind kind : values()) {
                if (kind.formName().equals(name)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }

        /** As the form and the events name it: {@code address}, {@code mobile}, {@code email}. */
        String formName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int ADDRESS_LINES = 5;
    static final String LINE = "address-line-";
    static final String POSTCODE = "address-postcode";
    static final String MOBILE = "mobile";
    static final String EMAIL = "email";
    /** PDS refuses an email address outside 7 to 89 characters ({@code INVALID_VALUE}). */
    static final int EMAIL_MIN = 7;
    static final int EMAIL_MAX = 89;
    /** A line long enough for any street or town; longer is a mistake, and would reach PDS as one. */
    static final int MAX_LINE = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    DetailsChange {
        lines = List.copyOf(lines);
    }

    /** The change, or the problems (bundle keys by field name), of one submission. */
    record Reading(Optional<DetailsChange> change, Map<String, String> errors) {
    }

    /** Reads a change of {@code kind} from {@code form} (missing fields are empty). */
    static Reading read(Kind kind, Function<String, String> form) {
        Map<String, String> errors = new LinkedHashMap<>();
        DetailsChange change = switch (kind) {
            case ADDRESS -> address(form, errors);
            case MOBILE -> {
                String typed = trim(form.apply(MOBILE));
                Optional<String> mobile = UkMobileNumbers.toE164(typed);
                if (typed.isEmpty()) {
                    errors.put(MOBILE, "nhs-details-error-mobile-missing");
                } else if (mobile.isEmpty()) {
                    errors.put(MOBILE, "nhs-mobile-not-uk");
                }
                yield new DetailsChange(kind, List.of(), mobile.orElse(null));
            }
            case EMAIL -> {
                String email = trim(form.apply(EMAIL)).toLowerCase(Locale.ROOT);
                if (email.isEmpty()) {
                    errors.put(EMAIL, "nhs-details-error-email-missing");
                } else if (email.length() < EMAIL_MIN || email.length() > EMAIL_MAX
                        || !EmailValidationUtil.isValidEmail(email)) {
                    errors.put(EMAIL, "nhs-details-error-email-real");
                }
                yield new DetailsChange(kind, List.of(), email);
            }
        };
        return errors.isEmpty() ? new Reading(Optional.of(change), Map.of()) : new Reading(Optional.empty(), errors);
    }

    private static DetailsChange address(Function<String, String> form, Map<String, String> errors) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= ADDRESS_LINES; i++) {
            String line = trim(form.apply(LINE + i));
            if (line.length() > MAX_LINE) {
                errors.put(LINE + i, "nhs-details-error-line-too-long");
            } else if (line.chars().anyMatch(Character::isISOControl)) {
                errors.put(LINE + i, "nhs-details-error-line-characters");
            }
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            errors.put(LINE + 1, "nhs-details-error-address-missing");
        }
        String typed = trim(form.apply(POSTCODE));
        Optional<String> postcode = UpliftDetails.ukPostcode(typed);
        if (typed.isEmpty()) {
            errors.put(POSTCODE, "nhs-uplift-error-postcode-missing");
        } else if (postcode.isEmpty()) {
            errors.put(POSTCODE, "nhs-uplift-error-postcode-uk");
        }
        return new DetailsChange(Kind.ADDRESS, lines, postcode.orElse(null));
    }

    /** {@code now} (the record's details) with this change made: the one field changed, the others as they are. */
    PdsContactDetails applyTo(PdsContactDetails now) {
        return switch (kind) {
            case ADDRESS -> new PdsContactDetails(lines, value, now.mobile(), now.email());
            case MOBILE -> new PdsContactDetails(now.homeLines(), now.postcode(), value, now.email());
            case EMAIL -> new PdsContactDetails(now.homeLines(), now.postcode(), now.mobile(), value);
        };
    }

    /** The form's fields as this change fills them, to show again what the citizen typed. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        switch (kind) {
            case ADDRESS -> {
                for (int i = 1; i <= ADDRESS_LINES; i++) {
                    fields.put(LINE + i, i <= lines.size() ? lines.get(i - 1) : "");
                }
                fields.put(POSTCODE, value == null ? "" : value);
            }
            case MOBILE -> fields.put(MOBILE, value == null ? "" : value);
            case EMAIL -> fields.put(EMAIL, value == null ? "" : value);
        }
        return fields;
    }

    /** The form's fields as {@code now} fills them: what the change form starts with. */
    static Map<String, String> fields(Kind kind, PdsContactDetails now) {
        return switch (kind) {
            case ADDRESS -> new DetailsChange(kind, now.homeLines(), now.postcode()).fields();
            case MOBILE -> new DetailsChange(kind, List.of(), now.mobile()).fields();
            case EMAIL -> new DetailsChange(kind, List.of(), now.email()).fields();
        };
    }

    /** For an authentication-session note, which holds text; {@link #fromNote} reads it back. */
    String toNote() {
        ObjectNode note = JSON.createObjectNode().put("kind", kind.name()).put("value", value);
        lines.forEach(note.putArray("lines")::add);
        return note.toString();
    }

    static Optional<DetailsChange> fromNote(String note) {
        if (note == null) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(note);
            List<String> lines = new ArrayList<>();
            json.path("lines").forEach(line -> lines.add(line.asText()));
            return Optional.of(new DetailsChange(Kind.valueOf(json.path("kind").asText()), lines,
                    json.path("value").asText(null)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    @Override
    public String toString() {
        return "DetailsChange[" + kind + "]";
    }
}
