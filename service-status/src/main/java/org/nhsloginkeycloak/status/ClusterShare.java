package org.nhsloginkeycloak.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keycloak.models.SingleUseObjectProvider;
import org.nhsloginkeycloak.connectors.health.CircuitBreaker;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/**
 * What every node measured, through Keycloak's replicated single-use store, so that the state a page shows is the
 * cluster's whichever node serves it.
 *
 * <p>Each node writes its own measurements, at every assessment, into a numbered slot ({@code nhs-status-node:<realm>:
 * <n>}) that it keeps with its own id; a slot not renewed within its lifespan (a node that stopped or died) drops out.
 * Traffic is the sum of the nodes', a third party's health the worst any node sees (its calls and errors summed, the
 * slowest node's p95, the circuit open if it is open anywhere). The nodes then decide from the same inputs, and an
 * alert is sent only by the first node to announce a state ({@code putIfAbsent} of the state's key), once per change
 * for the cluster.
 */
final class ClusterShare {

    /** Enough for any cluster this runs on; readers try each slot once per assessment. */
    static final int MAX_NODES = 16;
    private static final String SLOTS = "nhs-status-node:";
    private static final String ANNOUNCED = "nhs-status-announced:";
    private static final long ANNOUNCED_SECONDS = Duration.ofDays(1).toSeconds();

    private final String nodeId = UUID.randomUUID().toString();
    private final Map<String, Integer> slots = new HashMap<>();

    /** Writes this node's measurements for the realm and returns the cluster's, this node's included. */
    synchronized Measurements share(SingleUseObjectProvider store, String realmId, Measurements mine, long lifespanSeconds) {
        List<Measurements> all = new ArrayList<>();
        Integer slot = slots.get(realmId);
        if (slot != null && !nodeId.equals(owner(store.get(key(realmId, slot))))) {
            slot = null; // expired while this node was paused, and perhaps taken by another
        }
        for (int n = 0; n < MAX_NODES; n++) {
            if (slot == null && store.putIfAbsent(key(realmId, n), lifespanSeconds)) {
                slot = n;
            }
            if (slot != null && slot == n) {
                continue;
            }
            Map<String, String> notes = store.get(key(realmId, n));
            if (notes != null && !notes.isEmpty() && !nodeId.equals(owner(notes))) {
                all.add(decode(notes));
            }
        }
        if (slot != null) {
            slots.put(realmId, slot);
            Map<String, String> notes = encode(mine);
            notes.put("owner", nodeId);
            store.put(key(realmId, slot), lifespanSeconds, notes);
        }
        all.add(mine);
        return combine(all);
    }

    /** Whether this node is the first to announce {@code level} since the cluster last left it. */
    boolean announce(SingleUseObjectProvider store, String realmId, Level level) {
        if (!store.putIfAbsent(ANNOUNCED + realmId + ":" + level.id(), ANNOUNCED_SECONDS)) {
            return false;
        }
        for (Level other : Level.values()) {
            if (other != level) {
                store.remove(ANNOUNCED + realmId + ":" + other.id());
            }
        }
        return true;
    }

    private static String key(String realmId, int slot) {
        return SLOTS + realmId + ":" + slot;
    }

    private static String owner(Map<String, String> notes) {
        return notes == null ? null : notes.get("owner");
    }

    static Map<String, String> encode(Measurements measured) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("sign-ins", Double.toString(measured.signInsPerMinute()));
        notes.put("uplifts", Double.toString(measured.upliftsPerMinute()));
        List<String> names = new ArrayList<>();
        for (DependencyHealth.Snapshot dependency : measured.dependencies()) {
            String prefix = "dependency." + dependency.dependency() + ".";
            names.add(dependency.dependency());
            notes.put(prefix + "circuit", dependency.circuit().name());
            notes.put(prefix + "calls", Integer.toString(dependency.calls()));
            notes.put(prefix + "error-rate", Double.toString(dependency.errorRate()));
            notes.put(prefix + "p95-ms", Long.toString(dependency.p95().toMillis()));
            notes.put(prefix + "demand", Double.toString(dependency.demandPerSecond()));
            notes.put(prefix + "ceiling", Double.toString(dependency.ceilingPerSecond()));
        }
        notes.put("dependencies", String.join(",", names));
        return notes;
    }

    /** Another node's measurements; a slot half-written by another version reads as what it holds, the rest as none. */
    static Measurements decode(Map<String, String> notes) {
        List<DependencyHealth.Snapshot> dependencies = new ArrayList<>();
        String names = notes.getOrDefault("dependencies", "");
        for (String name : names.isEmpty() ? new String[0] : names.split(",")) {
            String prefix = "dependency." + name + ".";
            try {
                dependencies.add(new DependencyHealth.Snapshot(name,
                        CircuitBreaker.State.valueOf(notes.get(prefix + "circuit")),
                        Integer.parseInt(notes.get(prefix + "calls")),
                        Double.parseDouble(notes.get(prefix + "error-rate")),
                        Duration.ofMillis(Long.parseLong(notes.get(prefix + "p95-ms"))),
                        Double.parseDouble(notes.get(prefix + "demand")),
                        Double.parseDouble(notes.get(prefix + "ceiling"))));
            } catch (RuntimeException unreadable) {
                // skipped: one node's unreadable entry must not stop the cluster's assessment
            }
        }
        return new Measurements(number(notes.get("sign-ins")), number(notes.get("uplifts")), dependencies);
    }

    private static double number(String value) {
        try {
            return value == null ? 0 : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The cluster's view: traffic summed, each third party as the nodes see it together. */
    static Measurements combine(List<Measurements> nodes) {
        double signIns = 0;
        double uplifts = 0;
        Map<String, List<DependencyHealth.Snapshot>> byDependency = new LinkedHashMap<>();
        for (Measurements node : nodes) {
            signIns += node.signInsPerMinute();
            uplifts += node.upliftsPerMinute();
            node.dependencies().forEach(dependency -> byDependency
                    .computeIfAbsent(dependency.dependency(), name -> new ArrayList<>()).add(dependency));
        }
        List<DependencyHealth.Snapshot> dependencies = new ArrayList<>();
        byDependency.forEach((name, seen) -> dependencies.add(combineDependency(name, seen)));
        return new Measurements(signIns, uplifts, dependencies);
    }

    private static DependencyHealth.Snapshot combineDependency(String name, List<DependencyHealth.Snapshot> seen) {
        Map<CircuitBreaker.State, Integer> circuits = new EnumMap<>(CircuitBreaker.State.class);
        int calls = 0;
        double errors = 0;
        Duration p95 = Duration.ZERO;
        double demand = 0;
        double ceiling = Double.NaN;
        for (DependencyHealth.Snapshot node : seen) {
            circuits.merge(node.circuit(), 1, Integer::sum);
            calls += node.calls();
            errors += node.errorRate() * node.calls();
            p95 = node.p95().compareTo(p95) > 0 ? node.p95() : p95;
            demand += node.demandPerSecond();
            // The allowance is the cluster's (the same on every node), not a sum of shares.
            ceiling = Double.isNaN(ceiling) ? node.ceilingPerSecond() : Math.max(ceiling, node.ceilingPerSecond());
        }
        CircuitBreaker.State circuit = circuits.containsKey(CircuitBreaker.State.OPEN) ? CircuitBreaker.State.OPEN
                : circuits.containsKey(CircuitBreaker.State.HALF_OPEN) ? CircuitBreaker.State.HALF_OPEN
                : CircuitBreaker.State.CLOSED;
        return new DependencyHealth.Snapshot(name, circuit, calls, calls == 0 ? 0 : errors / calls, p95, demand, ceiling);
    }
}
