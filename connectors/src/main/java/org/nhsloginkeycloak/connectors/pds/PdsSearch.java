package org.nhsloginkeycloak.connectors.pds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace: the details a citizen gave, as a PDS search for one unique match. Non-fuzzy, with history, the whole postcode
 * and an exact date of birth, {@code _max-results=1} (application-restricted access allows no other); the specification's
 * guidance for unique matching. Fuzzy matching is a separate, explicit second try.
 */
public record PdsSearch(String givenName, String familyName, LocalDate birthDate, String postcode, boolean fuzzy) {

    /** The query string, every value URL-encoded, e.g. {@code family=SMITH&given=Jane&birthdate=eq1980-01-31&...}. */
    String query() {
        List<String> parameters = new ArrayList<>();
        parameters.add("family=" + encode(familyName.trim()));
        parameters.add("given=" + encode(givenName.trim()));
        parameters.add("birthdate=eq" + birthDate);
        if (postcode != null && !postcode.isBlank()) {
            parameters.add("address-postalcode=" + encode(postcode.trim()));
        }
        parameters.add(fuzzy ? "_fuzzy-match=true" : "_history=true");
        parameters.add("_max-results=1");
        return String.join("&", parameters);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Leaves out the details themselves: a trace's parameters are personal data. */
    @Override
    public String toString() {
        return "PdsSearch[fuzzy=" + fuzzy + "]";
    }
}
