package org.nhsloginkeycloak.core;

import org.keycloak.models.UserModel;

/**
 * The NHS-login parts of a Keycloak user, read once: what mappers release and journeys decide on. A value that is
 * absent or blank is {@code null}, so "no value" has one spelling; a missing or unknown proofing level is P0.
 *
 * @param middleNames space-separated, in PDS order
 * @param birthdate ISO 8601 {@code YYYY-MM-DD}
 * @param phoneNumber the 2FA mobile in E.164
 * @param phoneNumberPdsMatched whether AMNV matched the 2FA mobile that is {@code phoneNumber} now: the flag, the
 *     number it matched and the mobile agree (a match of an earlier mobile says nothing about this one)
 */
public record NhsUser(ProofingLevel level, String nhsNumber, String givenName, String middleNames, String familyName,
        String birthdate, String gpOdsCode, String phoneNumber, boolean phoneNumberVerified,
        boolean phoneNumberPdsMatched) {

    public static NhsUser of(UserModel user) {
        return new NhsUser(
                levelOf(user),
                valueOf(user.getFirstAttribute(UserAttributes.NHS_NUMBER)),
                valueOf(user.getFirstName()),
                valueOf(user.getFirstAttribute(UserAttributes.MIDDLE_NAMES)),
                valueOf(user.getLastName()),
                valueOf(user.getFirstAttribute(UserAttributes.BIRTHDATE)),
                valueOf(user.getFirstAttribute(UserAttributes.GP_ODS_CODE)),
                valueOf(user.getFirstAttribute(UserAttributes.PHONE_NUMBER)),
                Boolean.parseBoolean(user.getFirstAttribute(UserAttributes.PHONE_NUMBER_VERIFIED)),
                pdsMatchApplies(user.getFirstAttribute(UserAttributes.PHONE_NUMBER),
                        user.getFirstAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED),
                        user.getFirstAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED_NUMBER)));
    }

    /**
     * Whether the AMNV match on record is about {@code mobile}: the flag is set and the number it matched is this one.
     * The flag alone never is, since it outlives a change of mobile; a match recorded without its number (before the
     * number was kept) says nothing about today's mobile either, so it fails closed.
     */
    public static boolean pdsMatchApplies(String mobile, String matchedFlag, String matchedNumber) {
        return valueOf(mobile) != null && Boolean.parseBoolean(matchedFlag) && mobile.equals(matchedNumber);
    }

    /** The citizen's proofing level alone, for callers that need nothing else: P0 when missing or unknown. */
    public static ProofingLevel levelOf(UserModel user) {
        return ProofingLevel.find(user.getFirstAttribute(UserAttributes.IDENTITY_PROOFING_LEVEL)).orElse(ProofingLevel.P0);
    }

    private static String valueOf(String attribute) {
        return attribute == null || attribute.isBlank() ? null : attribute;
    }

    /** Masks the NHS number, so a user in a log line never leaks it. */
    @Override
    public String toString() {
        return "NhsUser[level=" + level + ", nhsNumber=" + (nhsNumber == null ? "none" : "present") + "]";
    }
}
