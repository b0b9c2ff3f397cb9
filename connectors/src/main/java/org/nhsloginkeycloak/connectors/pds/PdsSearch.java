package org.nhsloginkeycloak.connectors.pds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.nhsloginkeycloak.core.NhsNumber;

/**
 * A trace: the details a citizen gave, as a PDS search for one unique match. Non-fuzzy, with history, the whole postcode
 * and an exact date of birth, {@code _max-results=1} (application-restricted access allows no other); the specification's
 * guidance for unique matching. Exact and fuzzy matching are there for a journey that chooses them.
 *
 * <p>Every value must be one PDS could hold in that field, whoever built the search: PDS's search syntax gives
 * characters a meaning ({@code *} a wildcard, {@code ,} an OR, {@code $} and {@code |} modifiers and tokens,
 * {@code \} an escape), so a value outside a field's characters could widen the trace to other people, or draw a 400
 * that costs the allowance every citizen shares. The uplift form checks the same first and tells the citizen.
 *
 * @param gender {@code null} to leave it out (the specification advises against searching by it)
 */
public record PdsSearch(String givenName, String familyName, LocalDate birthDate, String postcode, Gender gender,
        Match match) {

    /** How PDS compares the details with its records. */
    public enum Match {
        /** As given, also against previous names and addresses ({@code _history=true}): the trace's own. */
        NON_FUZZY,
        /** Only results PDS scores 1.0 ({@code _exact-match=true}), with history. */
        EXACT,
        /** Phonetic and near matches ({@code _fuzzy-match=true}); PDS allows no history with it. */
        FUZZY
    }

    /** PDS's four genders; nothing else is a value of the field. */
    public enum Gender {
        MALE, FEMALE, OTHER, UNKNOWN;

        /** As PDS writes it: {@code male}, {@code female}, {@code other}, {@code unknown}. */
        public String fhir() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for anything but PDS's four, in any case */
        public static Gender of(String value) {
            for (Gender gender : values()) {
                if (gender.fhir().equalsIgnoreCase(value == null ? "" : value.strip())) {
                    return gender;
                }
            }
            throw new IllegalArgumentException("A PDS gender is male, female, other or unknown");
        }
    }

    /** PDS's limit for a name; longer never matches. */
    static final int MAX_NAME_LENGTH = 35;
    /**
     * PDS's characters for a name: A-Z, a-z, digits, space, apostrophe, hyphen, full stop, and the Latin-1 and Latin
     * Extended-A letters (192-214, 216-246, 248-383). No wildcard, comma or other search syntax.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 '\\-.\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u017F]+");
    /** A postcode's characters: letters, digits and spaces; 2 to 8 of them, as the longest UK postcode is. */
    private static final Pattern POSTCODE = Pattern.compile("[A-Za-z0-9 ]{2,8}");

    /** Without a gender, as the trace searches. */
    public PdsSearch(String givenName, String familyName, LocalDate birthDate, String postcode, Match match) {
        this(givenName, familyName, birthDate, postcode, null, match);
    }

    /**
     * @throws IllegalArgumentException when a value could never be a trace: a blank or over-long name, a name with a
     *     character PDS does not hold in names (its wildcard {@code *}, a comma, any other search syntax, a control
     *     character), a postcode that is not 2 to 8 letters, digits and spaces, or a date of birth PDS cannot write
     *     as {@code YYYY-MM-DD}. The message never repeats the value.
     */
    public PdsSearch {
        name("given name", givenName);
        name("family name", familyName);
        if (birthDate == null) {
            throw new IllegalArgumentException("A trace needs a date of birth");
        }
        // LocalDate writes years beyond 9999 as "+10000" and before year 1 with a minus sign: not PDS's YYYY-MM-DD,
        // and a "+" in a query string is a space.
        if (birthDate.getYear() < 1 || birthDate.getYear() > 9999) {
            throw new IllegalArgumentException("A date of birth is YYYY-MM-DD");
        }
        if (match == null) {
            throw new IllegalArgumentException("A trace needs a kind of match");
        }
        if (postcode != null && !postcode.isBlank() && !POSTCODE.matcher(postcode.trim()).matches()) {
            throw new IllegalArgumentException("A postcode is 2 to 8 letters, digits and spaces");
        }
    }

    private static void name(String what, String value) {
        if (value == null || value.isBlank() || value.trim().length() > MAX_NAME_LENGTH
                || !NAME.matcher(value.trim()).matches()) {
            throw new IllegalArgumentException("A trace needs a " + what + " of 1 to " + MAX_NAME_LENGTH
                    + " of PDS's name characters (letters, digits, space, apostrophe, hyphen, full stop)");
        }
    }

    /**
     * The NHS number of a read, {@code GET /Patient/{nhsNumber}}, under the same rule as a search's values: ten digits
     * with a valid Modulus 11 check digit, nothing else (no spaces, no path or search syntax).
     */
    static boolean isNhsNumber(String value) {
        return value != null && value.length() == 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')
                && NhsNumber.isValid(value);
    }

    /** The query string, every value URL-encoded, e.g. {@code family=SMITH&given=Jane&birthdate=eq1980-01-31&...}. */
    String query() {
        List<String> parameters = new ArrayList<>();
        parameters.add("family=" + encode(familyName.trim()));
        parameters.add("given=" + encode(givenName.trim()));
        parameters.add("birthdate=eq" + birthDate);
        if (postcode != null && !postcode.isBlank()) {
            parameters.add("address-postalcode=" + encode(postcode.trim()));
        }
        if (gender != null) {
            parameters.add("gender=" + gender.fhir());
        }
        switch (match) {
            case NON_FUZZY -> parameters.add("_history=true");
            case EXACT -> parameters.add("_exact-match=true&_history=true");
            case FUZZY -> parameters.add("_fuzzy-match=true");
        }
        parameters.add("_max-results=1");
        return String.join("&", parameters);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Leaves out the details themselves: a trace's parameters are personal data. */
    @Override
    public String toString() {
        return "PdsSearch[match=" + match + "]";
    }
}
