package org.nhsloginkeycloak.authenticators.codes;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * At most {@code limit} of something (codes sent, wrong codes) per subject in any {@code window}: numbered slots in
 * Keycloak's cluster-wide single-use store, each taken with an atomic put-if-absent and living one window. Requests
 * in parallel, or through two nodes, cannot all see the same free count, as they could when a history was read and
 * then written back.
 */
final class CodeSlots {

    private static final String TAKEN_AT = "at";

    private final KeycloakSession session;
    private final String subject;
    private final int limit;
    private final Duration window;

    CodeSlots(KeycloakSession session, String subject, int limit, Duration window) {
        this.session = session;
        this.subject = subject;
        this.limit = limit;
        this.window = window;
    }

    private SingleUseObjectProvider store() {
        return session.getProvider(SingleUseObjectProvider.class);
    }

    private String key(int slot) {
        return "nhs-code-slot:" + subject + ":" + slot;
    }

    /** A free slot, now taken (its key); empty when all {@code limit} are taken. */
    Optional<String> take(Instant now) {
        long seconds = Math.max(1, window.toSeconds());
        for (int slot = 0; slot < limit; slot++) {
            String key = key(slot);
            if (store().putIfAbsent(key, seconds)) {
                // Only to tell the citizen when a slot frees; the put-if-absent above is what counts.
                store().put(key, seconds, Map.of(TAKEN_AT, Long.toString(now.toEpochMilli())));
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** Something that must not count (a send refused by a later limit, a right code) frees its slot. */
    void giveBack(String slot) {
        store().remove(slot);
    }

    /** When the oldest taken slot frees, i.e. when one more is allowed; {@code now} when one is free already. */
    Instant nextFree(Instant now) {
        Instant oldest = null;
        for (int slot = 0; slot < limit; slot++) {
            Map<String, String> notes = store().get(key(slot));
            if (notes == null) {
                return now;
            }
            String at = notes.get(TAKEN_AT);
            Instant taken = at == null ? now : Instant.ofEpochMilli(Long.parseLong(at));
            oldest = oldest == null || taken.isBefore(oldest) ? taken : oldest;
        }
        return oldest == null ? now : oldest.plus(window);
    }
}
