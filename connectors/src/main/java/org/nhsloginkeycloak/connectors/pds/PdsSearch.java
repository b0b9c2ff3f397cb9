package org.nhsloginkeycloak.connectors.pds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace: the details a citizen gave, as a PDS search for one unique match. Non-fuzzy, with history, the whole postcode
 * and an exact date of birth, {@code _max-results=1} (application-restricted access allows no other); the specification's
 * guidance for unique matching. Exact and fuzzy matching are there for a journey that chooses them.
 */
public record PdsSearch(String givenName, String familyName, LocalDate birthDate, String postcode, Match match) {

    /** How PDS compares the details with its records. */
    public enum Match {
        /** As given, also against previous names and addresses ({@code _history=true}): the trace's own. */
        NON_FUZZY,
        /** Only results PDS scores 1.0 ({@code _exact-match=true}), with history. */
        EXACT,
        /** Phonetic and near matches ({@code _fuzzy-match=true}); PDS allows no history with it. */
        FUZZY
    }

    /** PDS's limit for a name; longer never matches. */
    static final int MAX_NAME_LENGTH = 35;

    /**
     * @throws IllegalArgumentException when a value could never be a trace: a blank or over-long name, a name with
     *     PDS's wildcard {@code *} (it would widen the search to other people), or a postcode that is not letters,
     *     digits and spaces. The uplift form checks the same first and says so to the citizen.
     */
    public PdsSearch {
        name("given name", givenName);
        name("family name", familyName);
        if (birthDate == null) {
            throw new IllegalArgumentException("A trace needs a date of birth");
        }
        if (match == null) {
            throw new IllegalArgumentException("A trace needs a kind of match");
        }
        if (postcode != null && !postcode.isBlank() && !postcode.trim().matches("[A-Za-z0-9 ]{2,8}")) {
            throw new IllegalArgumentException("A postcode is 2 to 8 letters, digits and spaces");
        }
    }

    private static void name(String what, String value) {
        if (value == null || value.isBlank() || value.trim().length() > MAX_NAME_LENGTH || value.contains("*")) {
            throw new IllegalArgumentException("A trace needs a " + what + " of 1 to " + MAX_NAME_LENGTH
                    + " characters without *");
        }
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
