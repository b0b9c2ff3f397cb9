package org.nhsloginkeycloak.authenticators.uplift;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.nhsloginkeycloak.core.NhsNumber;

/**
 * The details a citizen gives for a P5 trace, read from the form and checked before PDS is asked: first and last name,
 * date of birth as three fields, postcode, and optionally the NHS number. Errors are message keys per field, in the
 * order the form shows them, so the page can show each at its field and in the error summary.
 *
 * @param postcode upper case, one space before the inward code, e.g. {@code CF10 1AA}
 * @param nhsNumber ten digits, or {@code null} when not given
 */
public record UpliftDetails(String givenName, String familyName, LocalDate birthDate, String postcode, String nhsNumber) {

    static final String GIVEN = "given-name";
    static final String FAMILY = "family-name";
    static final String DAY = "dob-day";
    static final String MONTH = "dob-month";
    static final String YEAR = "dob-year";
    static final String POSTCODE = "postcode";
    static final String NHS_NUMBER = "nhs-number";

    /** PDS's limit for a name. */
    static final int MAX_NAME = 35;
    /** What PDS accepts in a name: letters (with Latin-1 and Latin Extended-A accents), space, apostrophe, hyphen, full stop. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z '\\-.\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u017F\\u2019]+");
    /** A UK postcode, outward and inward code (GOV.UK's pattern, spaces optional). */
    private static final Pattern UK_POSTCODE = Pattern.compile(
            "(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW]) ?[0-9][ABD-HJLNP-UW-Z]{2})");
    private static final int OLDEST_YEAR = 1900;

    /** The details, or the problems, of one submission. */
    public record Reading(Optional<UpliftDetails> details, Map<String, String> errors) {
    }

    /**
     * @param form the submitted fields by name; missing ones are empty
     * @param today the date a future date of birth is judged against
     */
    public static Reading read(Function<String, String> form, LocalDate today) {
        Map<String, String> errors = new LinkedHashMap<>();
        String given = name(form.apply(GIVEN), GIVEN, "given", errors);
        String family = name(form.apply(FAMILY), FAMILY, "family", errors);
        LocalDate birthDate = birthDate(form, today, errors);
        String postcode = postcode(form.apply(POSTCODE), errors);
        String nhsNumber = nhsNumber(form.apply(NHS_NUMBER), errors);
        return errors.isEmpty()
                ? new Reading(Optional.of(new UpliftDetails(given, family, birthDate, postcode, nhsNumber)), Map.of())
                : new Reading(Optional.empty(), errors);
    }

    private static String name(String raw, String field, String which, Map<String, String> errors) {
        String value = trim(raw);
        if (value.isEmpty()) {
            errors.put(field, "nhs-uplift-error-" + which + "-missing");
        } else if (value.length() > MAX_NAME) {
            errors.put(field, "nhs-uplift-error-" + which + "-too-long");
        } else if (!NAME.matcher(value).matches()) {
            errors.put(field, "nhs-uplift-error-" + which + "-characters");
        }
        return value.replace('\u2019', '\'');
    }

    private static LocalDate birthDate(Function<String, String> form, LocalDate today, Map<String, String> errors) {
        String day = trim(form.apply(DAY));
        String month = trim(form.apply(MONTH));
        String year = trim(form.apply(YEAR));
        if (day.isEmpty() && month.isEmpty() && year.isEmpty()) {
            errors.put(DAY, "nhs-uplift-error-dob-missing");
            return null;
        }
        if (!day.matches("[0-9]{1,2}") || !month.matches("[0-9]{1,2}") || !year.matches("[0-9]{4}")) {
            errors.put(DAY, "nhs-uplift-error-dob-real");
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
            if (date.isAfter(today)) {
                errors.put(DAY, "nhs-uplift-error-dob-future");
            } else if (date.getYear() < OLDEST_YEAR) {
                errors.put(DAY, "nhs-uplift-error-dob-real");
            }
            return date;
        } catch (DateTimeException e) {
            errors.put(DAY, "nhs-uplift-error-dob-real");
            return null;
        }
    }

    private static String postcode(String raw, Map<String, String> errors) {
        String value = trim(raw).toUpperCase(Locale.UK).replaceAll("\\s+", "");
        if (value.isEmpty()) {
            errors.put(POSTCODE, "nhs-uplift-error-postcode-missing");
            return null;
        }
        Optional<String> postcode = ukPostcode(value);
        if (postcode.isEmpty()) {
            errors.put(POSTCODE, "nhs-uplift-error-postcode-uk");
            return null;
        }
        return postcode.get();
    }

    /** A UK postcode as PDS writes it (upper case, one space before the inward code), whatever the case and spacing. */
    public static Optional<String> ukPostcode(String raw) {
        String value = trim(raw).toUpperCase(Locale.UK).replaceAll("\\s+", "");
        if (value.length() > 7 || !UK_POSTCODE.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(value.substring(0, value.length() - 3) + " " + value.substring(value.length() - 3));
    }

    private static String nhsNumber(String raw, Map<String, String> errors) {
        String value = trim(raw).replaceAll("[\\s-]", "");
        if (value.isEmpty()) {
            return null;
        }
        if (!NhsNumber.isValid(value)) {
            errors.put(NHS_NUMBER, "nhs-uplift-error-nhs-number");
            return null;
        }
        return value;
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    /** Personal data stays out of logs. */
    @Override
    public String toString() {
        return "UpliftDetails[nhsNumber=" + (nhsNumber == null ? "none" : "given") + "]";
    }
}
