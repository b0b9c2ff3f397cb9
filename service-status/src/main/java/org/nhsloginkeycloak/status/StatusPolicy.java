package org.nhsloginkeycloak.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nhsloginkeycloak.connectors.health.CircuitBreaker;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/**
 * Turns one realm's measurements into a level, remembering (per realm, on this node) what it decided last:
 * <ul>
 *   <li>degraded while a journey's third party is unhealthy (its circuit open, or, over enough calls in the window,
 *       too many failures or too slow), naming the journeys it holds back;</li>
 *   <li>busy once sign-ins and traces reach the realm's capacity (all journeys), or demand for PDS reaches
 *       {@value StatusSettings#PDS_BUSY_FRACTION} of the cluster's PDS allowance (uplift only); busy ends only after
 *       traffic has stayed below {@value StatusSettings#CALM_FRACTION} of those for the calm period, so it does not
 *       flap;</li>
 *   <li>normal otherwise.</li>
 * </ul>
 */
final class StatusPolicy {

    /** What was decided, and whether the level changed with it (an operator alert). */
    record Decision(Level level, Set<Journey> affected, List<String> reasons, Instant since, boolean changed) {
    }

    private Level level = Level.NORMAL;
    private Instant since;
    private boolean busy;
    private Set<Journey> busyAffected = EnumSet.noneOf(Journey.class);
    private Instant calmSince;

    synchronized Decision decide(Measurements measured, StatusSettings settings, Instant now) {
        if (since == null) {
            since = now;
        }
        List<String> reasons = new ArrayList<>();
        Set<Journey> degraded = EnumSet.noneOf(Journey.class);
        for (DependencyHealth.Snapshot dependency : measured.dependencies()) {
            String problem = problem(dependency, settings);
            if (problem != null) {
                reasons.add(problem);
                for (Journey journey : Journey.values()) {
                    if (journey.dependency().equals(dependency.dependency())) {
                        degraded.add(journey);
                    }
                }
            }
        }
        double capacity = settings.capacityPerMinute();
        double traffic = measured.trafficPerMinute();
        double pdsDemand = pdsDemandShare(measured);
        boolean over = traffic >= capacity;
        boolean pdsOver = pdsDemand >= StatusSettings.PDS_BUSY_FRACTION;
        if (over || pdsOver) {
            busy = true;
            calmSince = null;
            busyAffected = over ? EnumSet.noneOf(Journey.class) : EnumSet.of(Journey.UPLIFT);
        } else if (busy) {
            boolean calm = traffic < StatusSettings.CALM_FRACTION * capacity
                    && pdsDemand < StatusSettings.CALM_FRACTION * StatusSettings.PDS_BUSY_FRACTION;
            if (!calm) {
                calmSince = null;
            } else if (calmSince == null) {
                calmSince = now;
            }
            if (calmSince != null && !now.isBefore(calmSince.plus(settings.calm()))) {
                busy = false;
                calmSince = null;
            }
        }
        if (busy) {
            reasons.add(String.format(Locale.ROOT, "traffic %.0f a minute against a capacity of %d%s", traffic,
                    settings.capacityPerMinute(), pdsDemand == 0 ? ""
                            : String.format(Locale.ROOT, "; PDS demand %.0f%% of its allowance", pdsDemand * 100)));
        }
        Level next = !degraded.isEmpty() ? Level.DEGRADED : busy ? Level.BUSY : Level.NORMAL;
        Set<Journey> affected = next == Level.DEGRADED ? degraded
                : next == Level.BUSY ? EnumSet.copyOf(busyAffected) : EnumSet.noneOf(Journey.class);
        boolean changed = next != level;
        if (changed) {
            level = next;
            since = now;
        }
        return new Decision(next, Set.copyOf(affected), List.copyOf(reasons), since, changed);
    }

    /** Why a third party counts as unhealthy, or null when it does not. */
    private static String problem(DependencyHealth.Snapshot dependency, StatusSettings settings) {
        // Half open is not counted: it only lets the next call try, and with no calls it would never close.
        if (dependency.circuit() == CircuitBreaker.State.OPEN) {
            return dependency.dependency() + " circuit open";
        }
        if (dependency.calls() >= settings.minCalls() && dependency.errorRate() >= settings.errorRate()) {
            return String.format(Locale.ROOT, "%s failing %.0f%% of %d calls", dependency.dependency(),
                    dependency.errorRate() * 100, dependency.calls());
        }
        // Below 20 calls the 95th percentile is the slowest call: one straggler must not degrade a journey.
        if (dependency.calls() >= Math.max(settings.minCalls(), 20) && dependency.p95().compareTo(settings.slow()) >= 0) {
            return String.format(Locale.ROOT, "%s slow: 95%% of calls within %d ms", dependency.dependency(),
                    dependency.p95().toMillis());
        }
        return null;
    }

    /** Demand for PDS as a share of the cluster's allowance; 0 when PDS has no allowance or is not measured. */
    private static double pdsDemandShare(Measurements measured) {
        return measured.dependencies().stream()
                .filter(dependency -> dependency.dependency().equals(Journey.UPLIFT.dependency()))
                .filter(dependency -> !Double.isNaN(dependency.ceilingPerSecond()) && dependency.ceilingPerSecond() > 0)
                .mapToDouble(dependency -> dependency.demandPerSecond() / dependency.ceilingPerSecond())
                .findFirst().orElse(0);
    }
}
