package org.nhsloginkeycloak.campaigns;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Who a campaign emails: P0 citizens (no proofing level, or any but P5 and P9, as {@code NhsUser.levelOf} reads it)
 * who can be emailed (enabled, a verified email, not a service account), optionally only those registered before a
 * day, only those who signed in since a day, and only those whose emails go in one language.
 *
 * @param registeredBefore only citizens registered before the start of this day (UTC); null for all
 * @param signedInSince only citizens who signed in on or after this day (UTC), as {@code NHS_CAMPAIGN_CONTACT} has
 *     it (recorded from the day this extension was installed); null for all
 * @param locale {@code "cy"} for citizens whose locale is Welsh, {@code "en"} for everyone else; null for both
 */
public record Audience(LocalDate registeredBefore, LocalDate signedInSince, String locale) {

    /** Every P0 citizen who can be emailed. */
    public static final Audience EVERYONE = new Audience(null, null, null);

    /** {@link #registeredBefore} as Keycloak's {@code createdTimestamp} (epoch milliseconds), or null. */
    Long registeredBeforeMillis() {
        return registeredBefore == null ? null
                : registeredBefore.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** {@link #signedInSince} as epoch milliseconds (the start of that day, UTC), or null. */
    Long signedInSinceMillis() {
        return signedInSince == null ? null : signedInSince.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /**
     * Whether a citizen could be in both audiences. Only the language splits P0 citizens into groups that cannot meet;
     * dates narrow who is in, but a citizen registered before both days is in both.
     */
    boolean mayOverlap(Audience other) {
        return locale == null || other.locale == null || locale.equals(other.locale);
    }
}
