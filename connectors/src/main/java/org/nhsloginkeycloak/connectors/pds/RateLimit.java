package org.nhsloginkeycloak.connectors.pds;

import java.time.Clock;

/**
 * This node's own allowance of calls to PDS: a token bucket refilled at {@code perSecond}, holding at most one second's
 * worth. PDS gives an application 5 requests per second; a node that stays under its share answers a burst of citizens
 * with "busy, try again" at once instead of queueing them into PDS's 429s.
 */
final class RateLimit {

    private final double perSecond;
    private final Clock clock;
    private double tokens;
    private long refilledAt;

    RateLimit(double perSecond, Clock clock) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("A PDS rate must be above 0 requests per second, not " + perSecond);
        }
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = Math.max(1, perSecond);
        this.refilledAt = clock.millis();
    }

    /** Takes one call from the allowance, or says no without waiting. */
    synchronized boolean tryAcquire() {
        long now = clock.millis();
        tokens = Math.min(Math.max(1, perSecond), tokens + (now - refilledAt) / 1000.0 * perSecond);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
