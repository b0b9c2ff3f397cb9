package org.nhsloginkeycloak.authenticators.codes;

import java.time.Duration;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Every guess at a code first takes one of its numbered slots in Keycloak's cluster-wide single-use store, atomically.
 * The count kept in the authentication session is read-then-written, so guesses sent in parallel could each see the
 * same count; the slots make "at most N guesses" hold however the requests arrive.
 */
final class GuessSlots {

    private GuessSlots() {
    }

    /** Whether a guess at {@code code} may be checked: false once {@code max} guesses have been taken. */
    static boolean take(KeycloakSession session, SecurityCode code, int max, Duration lifetime) {
        SingleUseObjectProvider store = session.getProvider(SingleUseObjectProvider.class);
        long seconds = Math.max(1, lifetime.toSeconds());
        for (int slot = 1; slot <= max; slot++) {
            if (store.putIfAbsent("nhs-code-guess:" + code.id() + ":" + slot, seconds)) {
                return true;
            }
        }
        return false;
    }
}
