package org.nhsloginkeycloak.connectors.support;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Keycloak's single-use store as its contract reads (atomic {@code putIfAbsent}, entries gone after their lifespan),
 * in memory on a clock the test moves: for unit tests of logic built on it. Integration tests use Keycloak's own.
 */
public final class MemorySingleUseObjects implements SingleUseObjectProvider {

    private record Entry(Map<String, String> notes, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemorySingleUseObjects(Clock clock) {
        this.clock = clock;
    }

    private boolean live(Entry entry) {
        return entry != null && entry.expiresAt() > clock.millis();
    }

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        entries.put(key, new Entry(Map.copyOf(notes), clock.millis() + lifespanSeconds * 1000));
    }

    @Override
    public Map<String, String> get(String key) {
        Entry entry = entries.get(key);
        return live(entry) ? entry.notes() : null;
    }

    @Override
    public Map<String, String> remove(String key) {
        Entry entry = entries.remove(key);
        return live(entry) ? entry.notes() : null;
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        return entries.computeIfPresent(key, (k, entry) -> live(entry) ? new Entry(Map.copyOf(notes), entry.expiresAt())
                : entry) != null && live(entries.get(key));
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanSeconds) {
        Entry fresh = new Entry(Map.of(), clock.millis() + lifespanSeconds * 1000);
        boolean[] taken = {false};
        entries.compute(key, (k, entry) -> {
            if (live(entry)) {
                return entry;
            }
            taken[0] = true;
            return fresh;
        });
        return taken[0];
    }

    @Override
    public boolean contains(String key) {
        return live(entries.get(key));
    }

    @Override
    public void close() {
    }
}
