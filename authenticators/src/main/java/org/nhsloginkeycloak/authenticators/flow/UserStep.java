package org.nhsloginkeycloak.authenticators.flow;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * An NHS login step that runs once the user is known and decides for itself what to do for any user: the steps handle
 * a user they cannot serve (no mobile, no request) inside {@code authenticate}, so Keycloak's set-up hooks stay empty.
 */
public interface UserStep extends Authenticator {

    @Override
    default boolean requiresUser() {
        return true;
    }

    @Override
    default boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    default void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    default void close() {
    }
}
