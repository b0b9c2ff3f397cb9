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
 *
 * <p>Background work (the refresh of a citizen's details after sign-in) takes only the last of the slots, a share of
 * them ({@code background-share}, at least one), so it can never spend the part of the allowance kept for the
 * journeys a citizen waits on; a journey may take any slot.
 */
final class CallSlots {

    static final String KEY_PREFIX = "nhs-pds-call:";

    private final int slots;
    private final int backgroundFrom;
    private final long lifespanSeconds;
    private final AtomicInteger next = new AtomicInteger();

    CallSlots(double perSecond) {
        this(perSecond, 1);
    }

    /** @param backgroundShare the share of the slots background work may take, above 0 and at most 1 */
    CallSlots(double perSecond, double backgroundShare) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("A PDS rate must be above 0 requests per second, not " + perSecond);
        }
        if (!(backgroundShare > 0 && backgroundShare <= 1)) {
            throw new IllegalArgumentException("A background share of the PDS rate is above 0 and at most 1, not "
                    + backgroundShare);
        }
        this.slots = perSecond >= 1 ? (int) Math.floor(perSecond) : 1;
        this.backgroundFrom = slots - Math.max(1, (int) Math.floor(slots * backgroundShare));
        this.lifespanSeconds = perSecond >= 1 ? 1 : (long) Math.ceil(1 / perSecond);
    }

    /** Takes one call from the cluster's allowance, or says no without waiting. */
    boolean tryAcquire(SingleUseObjectProvider store) {
        return tryAcquire(store, 0);
    }

    /** Takes one call from the background's share of the allowance, or says no without waiting. */
    boolean tryAcquireBackground(SingleUseObjectProvider store) {
        return tryAcquire(store, backgroundFrom);
    }

    private boolean tryAcquire(SingleUseObjectProvider store, int from) {
        int range = slots - from;
        int start = Math.floorMod(next.getAndIncrement(), range);
        for (int i = 0; i < range; i++) {
            if (store.putIfAbsent(KEY_PREFIX + (from + (start + i) % range), lifespanSeconds)) {
                return true;
            }
        }
        return false;
    }

    int backgroundSlots() {
        return slots - backgroundFrom;
    }

    int slots() {
        return slots;
    }
}
