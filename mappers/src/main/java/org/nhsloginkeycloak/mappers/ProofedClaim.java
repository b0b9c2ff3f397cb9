package org.nhsloginkeycloak.mappers;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.nhsloginkeycloak.core.ClaimNames;
import org.nhsloginkeycloak.core.NhsUser;

/**
 * A claim that comes from the citizen's proofed identity, the PDS record traced at P5 or above. Each knows how to read
 * its value from an {@link NhsUser}; {@code null} means the citizen has no value, and the claim is left out.
 */
enum ProofedClaim {

    NHS_NUMBER(ClaimNames.NHS_NUMBER, NhsUser::nhsNumber),
    FAMILY_NAME(ClaimNames.FAMILY_NAME, NhsUser::familyName),
    GIVEN_NAME(ClaimNames.GIVEN_NAME, NhsUser::givenName),
    MIDDLE_NAME(ClaimNames.MIDDLE_NAME, NhsUser::middleNames),
    BIRTHDATE(ClaimNames.BIRTHDATE, NhsUser::birthdate),
    IDENTITY_PROOFING_LEVEL(ClaimNames.IDENTITY_PROOFING_LEVEL, user -> user.level().name()),
    GP_REGISTRATION_DETAILS(ClaimNames.GP_REGISTRATION_DETAILS,
            user -> user.gpOdsCode() == null ? null : Map.of(ClaimNames.GP_ODS_CODE, user.gpOdsCode()));

    private final String claimName;
    private final Function<NhsUser, Object> value;

    ProofedClaim(String claimName, Function<NhsUser, Object> value) {
        this.claimName = claimName;
        this.value = value;
    }

    /** The claim as partners see it, and as the mapper's configuration names it. */
    String claimName() {
        return claimName;
    }

    /** The value to release, or {@code null} when the citizen has none. */
    Object valueFor(NhsUser user) {
        return value.apply(user);
    }

    static Optional<ProofedClaim> named(String claimName) {
        return Arrays.stream(values()).filter(claim -> claim.claimName.equals(claimName)).findFirst();
    }
}
