package org.nhsloginkeycloak.authenticators.uplift;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * What Keycloak keeps of the PDS record an account is linked to, written the same way by the uplift that links it and
 * by the refresh that keeps it current ({@code nhs-pds-sync}).
 */
public final class LinkedRecord {

    private LinkedRecord() {
    }

    /**
     * Copies the record's names, birth date and GP practice onto the account; returns the claims that changed
     * ({@code given_name}, {@code family_name}, {@code middle_names}, {@code birthdate}, {@code gp_ods_code}).
     */
    public static List<String> copy(UserModel user, PdsPatient patient) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(user.getFirstName(), patient.givenName())) {
            user.setFirstName(patient.givenName());
            changed.add("given_name");
        }
        if (!Objects.equals(user.getLastName(), patient.familyName())) {
            user.setLastName(patient.familyName());
            changed.add("family_name");
        }
        set(user, UserAttributes.MIDDLE_NAMES, patient.middleNames(), changed);
        set(user, UserAttributes.BIRTHDATE, patient.birthDate() == null ? null : patient.birthDate().toString(),
                changed);
        set(user, UserAttributes.GP_ODS_CODE, patient.gpOdsCode(), changed);
        return changed;
    }

    /** Whether an account other than {@code user} holds {@code nhsNumber}: one NHS number, one account. */
    public static boolean heldByAnother(KeycloakSession session, RealmModel realm, UserModel user, String nhsNumber) {
        return session.users().searchForUserByUserAttributeStream(realm, UserAttributes.NHS_NUMBER, nhsNumber)
                .anyMatch(other -> !other.getId().equals(user.getId()));
    }

    /** Sets or, for no value, removes an attribute; records it in {@code changed} when it was different. */
    static void set(UserModel user, String attribute, String value, List<String> changed) {
        if (Objects.equals(user.getFirstAttribute(attribute), value)) {
            return;
        }
        if (value == null) {
            user.removeAttribute(attribute);
        } else {
            user.setSingleAttribute(attribute, value);
        }
        changed.add(attribute);
    }
}
