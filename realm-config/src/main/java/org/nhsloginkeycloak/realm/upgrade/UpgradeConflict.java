package org.nhsloginkeycloak.realm.upgrade;

/**
 * The realm holds something that stops this version's configuration going in as it is, for example another flow under
 * one of this version's flow aliases. Nothing is changed; the message says what to rename or remove.
 */
public final class UpgradeConflict extends RuntimeException {

    UpgradeConflict(String message) {
        super(message);
    }

    UpgradeConflict(String message, Throwable cause) {
        super(message, cause);
    }
}
