package org.nhsloginkeycloak.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.health.CircuitBreaker;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

class StatusPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final StatusSettings SETTINGS = StatusSettings.DEFAULTS.with(java.util.Map.of(
            StatusSettings.CAPACITY, "100", StatusSettings.CALM, "60"));

    private final StatusPolicy policy = new StatusPolicy();

    private static DependencyHealth.Snapshot pds(CircuitBreaker.State circuit, int calls, double errorRate, long p95Millis,
            double demand) {
        return new DependencyHealth.Snapshot("pds", circuit, calls, errorRate, Duration.ofMillis(p95Millis), demand, 5);
    }

    private static DependencyHealth.Snapshot healthyPds() {
        return pds(CircuitBreaker.State.CLOSED, 20, 0, 200, 1);
    }

    private static DependencyHealth.Snapshot healthySms() {
        return new DependencyHealth.Snapshot("sms", CircuitBreaker.State.CLOSED, 20, 0, Duration.ofMillis(300), 1,
                Double.NaN);
    }

    private static Measurements traffic(double perMinute, DependencyHealth.Snapshot... dependencies) {
        return new Measurements(perMinute, 0, List.of(dependencies));
    }

    @Test
    void belowCapacityWithHealthyThirdPartiesIsNormal() {
        StatusPolicy.Decision decision = policy.decide(traffic(99, healthyPds(), healthySms()), SETTINGS, T0);

        assertThat(decision.level()).isEqualTo(Level.NORMAL);
        assertThat(decision.reasons()).isEmpty();
        assertThat(decision.changed()).isFalse();
    }

    @Test
    void trafficAtCapacityIsBusyForEveryJourneyAndThatIsAChange() {
        StatusPolicy.Decision decision = policy.decide(traffic(100, healthyPds()), SETTINGS, T0);

        assertThat(decision.level()).isEqualTo(Level.BUSY);
        assertThat(decision.affected()).isEmpty();
        assertThat(decision.changed()).isTrue();
        assertThat(decision.since()).isEqualTo(T0);
        assertThat(decision.reasons()).singleElement().asString().contains("traffic 100 a minute");
    }

    @Test
    void busyEndsOnlyAfterTrafficStaysBelowTheCalmShareForTheCalmPeriod() {
        policy.decide(traffic(150, healthyPds()), SETTINGS, T0);

        // Just under capacity but above 80% of it: still busy, however long.
        assertThat(policy.decide(traffic(90, healthyPds()), SETTINGS, T0.plusSeconds(10)).level()).isEqualTo(Level.BUSY);
        assertThat(policy.decide(traffic(90, healthyPds()), SETTINGS, T0.plusSeconds(300)).level()).isEqualTo(Level.BUSY);
        // Calm, but not for long enough; a spike restarts the calm period.
        assertThat(policy.decide(traffic(50, healthyPds()), SETTINGS, T0.plusSeconds(310)).level()).isEqualTo(Level.BUSY);
        assertThat(policy.decide(traffic(85, healthyPds()), SETTINGS, T0.plusSeconds(340)).level()).isEqualTo(Level.BUSY);
        assertThat(policy.decide(traffic(50, healthyPds()), SETTINGS, T0.plusSeconds(350)).level()).isEqualTo(Level.BUSY);
        assertThat(policy.decide(traffic(50, healthyPds()), SETTINGS, T0.plusSeconds(400)).level()).isEqualTo(Level.BUSY);

        StatusPolicy.Decision calm = policy.decide(traffic(50, healthyPds()), SETTINGS, T0.plusSeconds(410));
        assertThat(calm.level()).isEqualTo(Level.NORMAL);
        assertThat(calm.changed()).isTrue();
    }

    @Test
    void demandForPdsNearItsAllowanceMakesOnlyTheUpliftBusy() {
        StatusPolicy.Decision decision = policy.decide(
                traffic(10, pds(CircuitBreaker.State.CLOSED, 20, 0, 200, 4.5), healthySms()), SETTINGS, T0);

        assertThat(decision.level()).isEqualTo(Level.BUSY);
        assertThat(decision.affected()).containsExactly(Journey.UPLIFT);
        assertThat(decision.reasons()).singleElement().asString().contains("PDS demand 90%");
    }

    @Test
    void anOpenCircuitDegradesItsJourneyAndOutranksBusy() {
        StatusPolicy.Decision decision = policy.decide(
                traffic(500, pds(CircuitBreaker.State.OPEN, 6, 1, 100, 0.1), healthySms()), SETTINGS, T0);

        assertThat(decision.level()).isEqualTo(Level.DEGRADED);
        assertThat(decision.affected()).containsExactly(Journey.UPLIFT);
        assertThat(decision.reasons()).contains("pds circuit open");
    }

    @Test
    void manyFailuresOrSlowAnswersDegradeOnlyOnceThereWereEnoughCalls() {
        assertThat(policy.decide(traffic(1, pds(CircuitBreaker.State.CLOSED, 4, 1, 100, 0.1)), SETTINGS, T0).level())
                .as("four calls are too few to judge").isEqualTo(Level.NORMAL);
        assertThat(policy.decide(traffic(1, pds(CircuitBreaker.State.CLOSED, 10, 0.5, 100, 0.1)), SETTINGS, T0).level())
                .isEqualTo(Level.DEGRADED);

        StatusPolicy slow = new StatusPolicy();
        assertThat(slow.decide(traffic(1, healthyPds(), new DependencyHealth.Snapshot("sms",
                CircuitBreaker.State.CLOSED, 19, 0, Duration.ofSeconds(4), 0.2, Double.NaN)), SETTINGS, T0).level())
                .as("under 20 calls the 95th percentile is one straggler").isEqualTo(Level.NORMAL);
        StatusPolicy.Decision decision = slow.decide(
                traffic(1, healthyPds(), new DependencyHealth.Snapshot("sms", CircuitBreaker.State.CLOSED, 20, 0,
                        Duration.ofSeconds(4), 0.2, Double.NaN)), SETTINGS, T0);
        assertThat(decision.level()).isEqualTo(Level.DEGRADED);
        assertThat(decision.affected()).containsExactly(Journey.SIGN_IN);
        assertThat(decision.reasons()).singleElement().asString().startsWith("sms slow");
    }

    @Test
    void aHalfOpenCircuitAloneIsNotDegradedAsItWaitsForACallToTry() {
        assertThat(policy.decide(traffic(1, pds(CircuitBreaker.State.HALF_OPEN, 0, 0, 0, 0)), SETTINGS, T0).level())
                .isEqualTo(Level.NORMAL);
    }

    @Test
    void recoveryIsNoticedAsAChange() {
        policy.decide(traffic(1, pds(CircuitBreaker.State.OPEN, 6, 1, 100, 0.1)), SETTINGS, T0);

        StatusPolicy.Decision recovered = policy.decide(traffic(1, healthyPds()), SETTINGS, T0.plusSeconds(30));

        assertThat(recovered.level()).isEqualTo(Level.NORMAL);
        assertThat(recovered.changed()).isTrue();
        assertThat(recovered.since()).isEqualTo(T0.plusSeconds(30));
    }
}
