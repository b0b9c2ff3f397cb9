package org.nhsloginkeycloak.authenticators.vot;

import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;

/**
 * Keycloak's own clients (the account and admin consoles, {@code admin-cli}, {@code broker}, {@code realm-management},
 * the master realm's {@code <realm>-realm} clients): the only clients that are not partners. Every other client,
 * however it was made, is a partner and is held to NHS login's rules, so a client nobody configured fails closed.
 */
final class KeycloaksOwnClients {

    private KeycloaksOwnClients() {
    }

    static boolean includes(ClientModel client) {
        // Keycloak's list of the clients it creates in every realm, and its mark on the clients that stand for a realm.
        return Constants.defaultClients.contains(client.getClientId())
                || Boolean.parseBoolean(client.getAttribute(Constants.REALM_CLIENT));
    }
}
