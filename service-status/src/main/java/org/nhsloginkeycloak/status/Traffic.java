package org.nhsloginkeycloak.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-ins and uplift traces on this node, per realm, over a sliding window: the one measure that is per node by
 * nature (each node knows its own load; {@link ClusterShare} adds the nodes' up). Bounded: past
 * {@value #MAX_REMEMBERED} events per realm and journey the oldest go, which only ever understates a rate far above
 * any capacity.
 */
final class Traffic {

    private static final int MAX_REMEMBERED = 100_000;
    /** Nothing older is ever asked for: the longest window an administrator can set is far shorter. */
    private static final Duration LONGEST = Duration.ofHours(1);

    private record Key(String realmId, Journey journey) {
    }

    private final Map<Key, Deque<Instant>> events = new ConcurrentHashMap<>();
    private final Clock clock;

    Traffic(Clock clock) {
        this.clock = clock;
    }

    void count(String realmId, Journey journey) {
        Deque<Instant> seen = events.computeIfAbsent(new Key(realmId, journey), key -> new ArrayDeque<>());
        Instant now = clock.instant();
        synchronized (seen) {
            seen.addLast(now);
            while (seen.size() > MAX_REMEMBERED || !seen.peekFirst().isAfter(now.minus(LONGEST))) {
                seen.removeFirst();
            }
        }
    }

    /** Events per minute over the last {@code window}. */
    double perMinute(String realmId, Journey journey, Duration window) {
        Deque<Instant> seen = events.get(new Key(realmId, journey));
        if (seen == null) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(window);
        long recent;
        synchronized (seen) {
            recent = seen.stream().filter(at -> at.isAfter(cutoff)).count();
        }
        return recent * 60.0 / window.toSeconds();
    }
}
