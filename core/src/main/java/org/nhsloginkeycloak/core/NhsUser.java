package org.nhsloginkeycloak.core;

import org.keycloak.models.UserModel;

/**
 * The NHS-login parts of a Keycloak user, read once: what mappers release and journeys decide on. A value that is
 * absent or blank is {@code null}, so "no value" has one spelling; a missing or unknown proofing level is P0.
 *
 * @param middleNames space-separated, in PDS order
 * @param birthdate ISO 8601 {@code YYYY-MM-DD}
 * @param phoneNumber the 2FA mobile in E.164
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
                Boolean.parseBoolean(user.getFirstAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED)));
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
