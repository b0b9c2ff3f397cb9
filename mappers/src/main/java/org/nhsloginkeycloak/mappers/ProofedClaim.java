package org.nhsloginkeycloak.mappers;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.models.UserModel;
import org.nhsloginkeycloak.core.ClaimNames;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * A claim that comes from the citizen's proofed identity, the PDS record traced at P5 or above. Each reads only its own
 * attribute, so a mapper releasing two claims reads two; {@code null} means the citizen has no value, and the claim is
 * left out.
 */
enum ProofedClaim {

    NHS_NUMBER(ClaimNames.NHS_NUMBER, user -> user.getFirstAttribute(UserAttributes.NHS_NUMBER)),
    FAMILY_NAME(ClaimNames.FAMILY_NAME, UserModel::getLastName),
    GIVEN_NAME(ClaimNames.GIVEN_NAME, UserModel::getFirstName),
    MIDDLE_NAME(ClaimNames.MIDDLE_NAME, user -> user.getFirstAttribute(UserAttributes.MIDDLE_NAMES)),
    BIRTHDATE(ClaimNames.BIRTHDATE, user -> user.getFirstAttribute(UserAttributes.BIRTHDATE)),
    /** Read by the mapper once for its level check, so it is handed in rather than read again. */
    IDENTITY_PROOFING_LEVEL(ClaimNames.IDENTITY_PROOFING_LEVEL, user -> null),
    GP_REGISTRATION_DETAILS(ClaimNames.GP_REGISTRATION_DETAILS, user -> user.getFirstAttribute(UserAttributes.GP_ODS_CODE));

    private final String claimName;
    private final Function<UserModel, String> attribute;

    ProofedClaim(String claimName, Function<UserModel, String> attribute) {
        this.claimName = claimName;
        this.attribute = attribute;
    }

    /** The claim as partners see it, and as the mapper's configuration names it. */
    String claimName() {
        return claimName;
    }

    /** The value to release for a citizen at {@code level}, or {@code null} when the citizen has none. */
    Object valueFor(UserModel user, ProofingLevel level) {
        if (this == IDENTITY_PROOFING_LEVEL) {
            return level.name();
        }
        String value = attribute.apply(user);
        if (value == null || value.isBlank()) {
            return null;
        }
        return this == GP_REGISTRATION_DETAILS ? Map.of(ClaimNames.GP_ODS_CODE, value) : value;
    }

    static Optional<ProofedClaim> named(String claimName) {
        return Arrays.stream(values()).filter(claim -> claim.claimName.equals(claimName)).findFirst();
    }
}
