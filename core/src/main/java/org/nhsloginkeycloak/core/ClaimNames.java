package org.nhsloginkeycloak.core;

/**
 * Every claim name this bundle releases to partners, as NHS login spells it (Interface Specification tables 11, 16 and
 * 17). Claims that are OIDC standard claims keep their standard names.
 */
public final class ClaimNames {

    /** Vector of trust the sign-in achieved, e.g. {@code P5.Cp.Cd}. ID and access tokens. */
    public static final String VOT = "vot";
    /** HTTPS URL of the trustmark that defines the vectors. ID and access tokens. */
    public static final String VTM = "vtm";
    /** Highest proofing level the citizen ever reached: {@code P0}, {@code P5} or {@code P9}. */
    public static final String IDENTITY_PROOFING_LEVEL = "identity_proofing_level";

    public static final String NHS_NUMBER = "nhs_number";
    public static final String FAMILY_NAME = "family_name";
    /** First name(s) as PDS records them; compound first names keep their space. */
    public static final String GIVEN_NAME = "given_name";
    /** OIDC standard claim; several middle names are space-separated. Released only by this bundle's middle-names scope. */
    public static final String MIDDLE_NAME = "middle_name";
    /** ISO 8601 date, {@code YYYY-MM-DD}. */
    public static final String BIRTHDATE = "birthdate";

    public static final String EMAIL = "email";
    public static final String EMAIL_VERIFIED = "email_verified";
    /** E.164, e.g. {@code +447700900123}. */
    public static final String PHONE_NUMBER = "phone_number";
    public static final String PHONE_NUMBER_VERIFIED = "phone_number_verified";
    /** True once the 2FA mobile was matched to a current contact number on the citizen's PDS record (AMNV); sticky. */
    public static final String PHONE_NUMBER_PDS_MATCHED = "phone_number_pds_matched";

    /** Object claim holding {@link #GP_ODS_CODE}. */
    public static final String GP_REGISTRATION_DETAILS = "gp_registration_details";
    /** ODS code of the citizen's GP practice; a member of {@link #GP_REGISTRATION_DETAILS}. */
    public static final String GP_ODS_CODE = "gp_ods_code";

    private ClaimNames() {
    }
}
