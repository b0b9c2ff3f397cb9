package org.nhsloginkeycloak.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.health.CircuitBreaker;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

class ClusterShareTest {

    private static DependencyHealth.Snapshot pds(CircuitBreaker.State circuit, int calls, double errorRate, long p95,
            double demand) {
        return new DependencyHealth.Snapshot("pds", circuit, calls, errorRate, Duration.ofMillis(p95), demand, 5);
    }

    @Test
    void trafficIsTheSumOfTheNodesAndAThirdPartyIsAsBadAsAnyNodeSeesIt() {
        Measurements a = new Measurements(30, 4, List.of(pds(CircuitBreaker.State.OPEN, 10, 1.0, 900, 1)));
        Measurements b = new Measurements(20, 6, List.of(pds(CircuitBreaker.State.CLOSED, 30, 0.0, 120, 2)));

        Measurements cluster = ClusterShare.combine(List.of(a, b));

        assertThat(cluster.signInsPerMinute()).isEqualTo(50);
        assertThat(cluster.upliftsPerMinute()).isEqualTo(10);
        DependencyHealth.Snapshot pds = cluster.dependencies().get(0);
        assertThat(pds.circuit()).as("open on one node is open for the cluster").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(pds.calls()).isEqualTo(40);
        assertThat(pds.errorRate()).as("weighted by calls").isEqualTo(0.25);
        assertThat(pds.p95()).isEqualTo(Duration.ofMillis(900));
        assertThat(pds.demandPerSecond()).isEqualTo(3);
        assertThat(pds.ceilingPerSecond()).as("the allowance is the cluster's, not a sum").isEqualTo(5);
    }

    @Test
    void aHalfOpenCircuitAnywhereIsHalfOpenWhenNoneIsOpen() {
        Measurements cluster = ClusterShare.combine(List.of(
                new Measurements(0, 0, List.of(pds(CircuitBreaker.State.HALF_OPEN, 0, 0, 0, 0))),
                new Measurements(0, 0, List.of(pds(CircuitBreaker.State.CLOSED, 0, 0, 0, 0)))));

        assertThat(cluster.dependencies().get(0).circuit()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(cluster.dependencies().get(0).errorRate()).as("no calls, no error rate").isZero();
    }

    @Test
    void whatOneNodeWritesAnotherReadsBackTheSame() {
        Measurements measured = new Measurements(12.5, 3, List.of(pds(CircuitBreaker.State.OPEN, 7, 0.5, 250, 1.5),
                new DependencyHealth.Snapshot("sms", CircuitBreaker.State.CLOSED, 2, 0, Duration.ZERO, 0, Double.NaN)));

        assertThat(ClusterShare.decode(ClusterShare.encode(measured))).isEqualTo(measured);
    }

    @Test
    void anUnreadableEntryCountsForNothingRatherThanStoppingTheAssessment() {
        Measurements read = ClusterShare.decode(Map.of("sign-ins", "lots", "dependencies", "pds",
                "dependency.pds.circuit", "MELTED"));

        assertThat(read).isEqualTo(new Measurements(0, 0, List.of()));
    }
}
