package org.nhsloginkeycloak.connectors.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a dependency that keeps failing: after {@code failures} failures in a row the circuit opens and calls
 * are refused at once for {@code openFor}; then one trial call is let through (half open), and its result closes or
 * reopens the circuit. Its {@link #state()} is what the busy banner reads.
 */
public final class CircuitBreaker {

    /** As a dependency's health: {@code CLOSED} is healthy. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failures;
    private final Duration openFor;
    private final Clock clock;
    private int failuresInARow;
    private Instant openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failures, Duration openFor, Clock clock) {
        this.failures = failures;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go ahead now; in the half-open state only one trial call at a time. */
    public synchronized boolean allow() {
        if (openedAt == null) {
            return true;
        }
        if (clock.instant().isBefore(openedAt.plus(openFor)) || trialInFlight) {
            return false;
        }
        trialInFlight = true;
        return true;
    }

    public synchronized void succeeded() {
        failuresInARow = 0;
        openedAt = null;
        trialInFlight = false;
    }

    public synchronized void failed() {
        failuresInARow++;
        if (trialInFlight || failuresInARow >= failures) {
            openedAt = clock.instant();
        }
        trialInFlight = false;
    }

    public synchronized State state() {
        if (openedAt == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(openedAt.plus(openFor)) ? State.OPEN : State.HALF_OPEN;
    }
}
