package org.nhsloginkeycloak.authenticators.uplift;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * A citizen's traces in any {@link #WINDOW}: {@code limit} slots in Keycloak's single-use store, each taken with an
 * atomic put-if-absent before PDS is asked and expiring a day later. Forms sent from several tabs at once cannot all
 * see the same free count, as they could if the count were read, then written after the call.
 */
final class TraceSlots {

    static final Duration WINDOW = Duration.ofDays(1);

    private final KeycloakSession session;
    private final String subject;
    private final int limit;

    TraceSlots(KeycloakSession session, String subject, int limit) {
        this.session = session;
        this.subject = subject;
        this.limit = limit;
    }

    private SingleUseObjectProvider store() {
        return session.getProvider(SingleUseObjectProvider.class);
    }

    private String key(int slot) {
        return "nhs-trace-slot:" + subject + ":" + slot;
    }

    /** A free slot, now taken; empty when all are. */
    Optional<String> take() {
        for (int slot = 0; slot < limit; slot++) {
            if (store().putIfAbsent(key(slot), WINDOW.toSeconds())) {
                return Optional.of(key(slot));
            }
        }
        return Optional.empty();
    }

    /**
     * A trace that does not count frees its slot: PDS was unavailable (no answer, 5xx, 429, open circuit, this node's
     * allowance spent), or it uplifted the citizen. An answer that is the citizen's doing (a 400 for their details, an
     * answer we cannot read) keeps it.
     */
    void giveBack(String slot) {
        store().remove(slot);
    }

    /** Traces left in the window. */
    int left() {
        return (int) IntStream.range(0, limit).filter(slot -> !store().contains(key(slot))).count();
    }
}
