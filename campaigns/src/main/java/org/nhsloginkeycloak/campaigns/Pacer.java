package org.nhsloginkeycloak.campaigns;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Evenly spaced send slots at a rate per minute, shared by the threads of one sending node. Time left unused is not
 * saved up beyond one slot: a campaign that waited never bursts to catch up (Notify's bucket would refuse a burst).
 */
final class Pacer {

    private final int perMinute;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long next;

    Pacer(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1");
        }
        this.perMinute = perMinute;
        this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / perMinute;
        this.nanoTime = nanoTime;
        this.next = nanoTime.getAsLong();
    }

    /**
     * When the caller may send (on {@code nanoTime}'s scale): each call takes the next slot, unless that slot comes
     * after {@code deadline}, when none is taken and {@code Long.MIN_VALUE} says so.
     */
    synchronized long slot(long deadline) {
        if (peek() > deadline) {
            return Long.MIN_VALUE;
        }
        long slot = next;
        next += intervalNanos;
        return slot;
    }

    /** Takes the next slot and sleeps until it comes; false, at once, when it would come after {@code deadline}. */
    boolean await(long deadline) throws InterruptedException {
        long slot = slot(deadline);
        if (slot == Long.MIN_VALUE) {
            return false;
        }
        long wait = slot - nanoTime.getAsLong();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return true;
    }

    /** When the next slot is, taking none. */
    synchronized long peek() {
        long now = nanoTime.getAsLong();
        // One slot of slack absorbs the pause between pages without letting an idle spell turn into a burst.
        if (next < now - intervalNanos) {
            next = now - intervalNanos;
        }
        return next;
    }

    int perMinute() {
        return perMinute;
    }
}
