package org.nhsloginkeycloak.connectors.pds;

import java.util.concurrent.atomic.AtomicInteger;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The application's PDS allowance, shared by every node of the cluster: each call first takes one of N numbered slots
 * in Keycloak's single-use store, atomically across nodes ({@code putIfAbsent} on the replicated store), and a slot is
 * free again one second after it was taken. At most N slots are held at any instant, so the nodes together start at
 * most N calls in any second, and one node may take all N while the others are idle.
 *
 * <p>N is the per-second rate rounded down. A rate below one a second is one slot held for the whole interval (0.5 a
 * second: one call every 2 seconds). Refusing when every slot is held costs N store calls; each node starts at a
 * different slot in turn, so a store that is filling up is not asked the same taken slots again and again.
 */
final class CallSlots {

    static final String KEY_PREFIX = "nhs-pds-call:";

    private final int slots;
    private final long lifespanSeconds;
    private final AtomicInteger next = new AtomicInteger();

    CallSlots(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("A PDS rate must be above 0 requests per second, not " + perSecond);
        }
        this.slots = perSecond >= 1 ? (int) Math.floor(perSecond) : 1;
        this.lifespanSeconds = perSecond >= 1 ? 1 : (long) Math.ceil(1 / perSecond);
    }

    /** Takes one call from the cluster's allowance, or says no without waiting. */
    boolean tryAcquire(SingleUseObjectProvider store) {
        int start = Math.floorMod(next.getAndIncrement(), slots);
        for (int i = 0; i < slots; i++) {
            if (store.putIfAbsent(KEY_PREFIX + ((start + i) % slots), lifespanSeconds)) {
                return true;
            }
        }
        return false;
    }

    int slots() {
        return slots;
    }
}
