package org.nhsloginkeycloak.core;

import java.util.List;
import java.util.Set;

/**
 * The Keycloak user attributes that hold a citizen's NHS login data, declared in the realm's user profile. Names follow
 * the claim they feed where one exists. First and last name use Keycloak's own {@code firstName} and {@code lastName}.
 */
public final class UserAttributes {

    /** {@code P0}, {@code P5} or {@code P9}; a user without it is at P0. */
    public static final String IDENTITY_PROOFING_LEVEL = ClaimNames.IDENTITY_PROOFING_LEVEL;
    /** Ten digits, no spaces, valid check digit. Set by a PDS trace, never by the citizen. */
    public static final String NHS_NUMBER = ClaimNames.NHS_NUMBER;
    /** ISO 8601 date, {@code YYYY-MM-DD}. */
    public static final String BIRTHDATE = ClaimNames.BIRTHDATE;
    /** Middle names from PDS, space-separated in the order PDS lists them. */
    public static final String MIDDLE_NAMES = "middle_names";
    /** The verified 2FA mobile in E.164. */
    public static final String PHONE_NUMBER = ClaimNames.PHONE_NUMBER;
    /** {@code true} once the citizen proved control of {@link #PHONE_NUMBER} with a code. */
    public static final String PHONE_NUMBER_VERIFIED = ClaimNames.PHONE_NUMBER_VERIFIED;
    /**
     * {@code true} once a 2FA mobile matched the PDS record (AMNV); never cleared, as NHS login's is. It records that a
     * match happened; which number matched is {@link #PHONE_NUMBER_PDS_MATCHED_NUMBER}, and the claim is {@code true}
     * only while the 2FA mobile is that number.
     */
    public static final String PHONE_NUMBER_PDS_MATCHED = ClaimNames.PHONE_NUMBER_PDS_MATCHED;
    /** When AMNV last matched a mobile ({@link #PHONE_NUMBER_PDS_MATCHED_NUMBER}), ISO 8601 instant in UTC. */
    public static final String PHONE_NUMBER_PDS_MATCHED_AT = "phone_number_pds_matched_at";
    /** The mobile (E.164) AMNV last matched to the PDS record, written with {@link #PHONE_NUMBER_PDS_MATCHED_AT}. */
    public static final String PHONE_NUMBER_PDS_MATCHED_NUMBER = "phone_number_pds_matched_number";
    /** ODS code of the GP practice the citizen is registered with, from PDS. */
    public static final String GP_ODS_CODE = ClaimNames.GP_ODS_CODE;

    /** Every attribute above, in the order the user profile declares them. */
    public static final List<String> ALL = List.of(IDENTITY_PROOFING_LEVEL, NHS_NUMBER, BIRTHDATE, MIDDLE_NAMES,
            PHONE_NUMBER, PHONE_NUMBER_VERIFIED, PHONE_NUMBER_PDS_MATCHED, PHONE_NUMBER_PDS_MATCHED_AT,
            PHONE_NUMBER_PDS_MATCHED_NUMBER, GP_ODS_CODE);

    /**
     * What proves who a citizen is. Only an administrator or this bundle's own journeys may write these; a citizen never
     * can, through any form or API.
     */
    public static final Set<String> ASSURANCE = Set.of(IDENTITY_PROOFING_LEVEL, NHS_NUMBER, PHONE_NUMBER_PDS_MATCHED,
            PHONE_NUMBER_PDS_MATCHED_AT, PHONE_NUMBER_PDS_MATCHED_NUMBER);

    private UserAttributes() {
    }
}
