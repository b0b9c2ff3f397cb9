package org.nhsloginkeycloak.campaigns;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Evenly spaced send slots at a rate per minute, shared by the threads of one sending node. Time left unused is saved
 * up for at most a second (or one slot, when slots are further apart): the pauses between pages and turns are made
 * up, so the rate holds over a run, while a campaign that waited long never bursts beyond a second's worth (Notify's
 * bucket, about 1,000, takes that at any rate it allows).
 */
final class Pacer {

    private final int perMinute;
    private final long intervalNanos;
    private final long slackNanos;
    private final LongSupplier nanoTime;
    private long next;

    Pacer(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1");
        }
        this.perMinute = perMinute;
        this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / perMinute;
        this.slackNanos = Math.max(intervalNanos, TimeUnit.SECONDS.toNanos(1));
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
        if (next < now - slackNanos) {
            next = now - slackNanos;
        }
        return next;
    }

    int perMinute() {
        return perMinute;
    }
}
