package org.nhsloginkeycloak.connectors.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.support.TestClock;

class DependencyHealthTest {

    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DependencyHealth health = new DependencyHealth("pds",
            new CircuitBreaker(3, Duration.ofSeconds(30), clock), Duration.ofMinutes(1), 5, clock, meters);

    @Test
    void errorRateAndP95AreOverTheCallsInTheWindowOnly() {
        for (int i = 0; i < 18; i++) {
            health.record(DependencyHealth.Outcome.OK, Duration.ofMillis(100));
        }
        health.record(DependencyHealth.Outcome.FAILED, Duration.ofSeconds(5));
        health.record(DependencyHealth.Outcome.OK, Duration.ofSeconds(2));

        DependencyHealth.Snapshot now = health.snapshot();
        assertThat(now.calls()).isEqualTo(20);
        assertThat(now.errorRate()).isEqualTo(0.05);
        assertThat(now.p95()).isEqualTo(Duration.ofSeconds(2));
        assertThat(now.circuit()).isEqualTo(CircuitBreaker.State.CLOSED);

        clock.advance(Duration.ofSeconds(61));
        assertThat(health.snapshot().calls()).isZero();
        assertThat(health.snapshot().errorRate()).isZero();
    }

    @Test
    void failuresInARowOpenTheCircuitAndRefusedAttemptsCountAsDemandNotAsCalls() {
        for (int i = 0; i < 3; i++) {
            health.record(DependencyHealth.Outcome.FAILED, Duration.ofMillis(10));
        }
        assertThat(health.allow()).isFalse();
        assertThat(health.allow()).isFalse();

        DependencyHealth.Snapshot now = health.snapshot();
        assertThat(now.circuit()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(now.calls()).isEqualTo(3);
        assertThat(now.demandPerSecond()).isEqualTo(5 / 60.0);
        assertThat(now.ceilingPerSecond()).isEqualTo(5);
    }

    @Test
    void aRequestTheyRefusedAsMalformedSaysNothingAboutTheirHealth() {
        for (int i = 0; i < 5; i++) {
            health.record(DependencyHealth.Outcome.REJECTED, Duration.ofMillis(10));
        }
        assertThat(health.snapshot().circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(health.snapshot().errorRate()).isZero();
    }

    @Test
    void theMetersCountByOutcomeAndShowTheCircuit() {
        health.record(DependencyHealth.Outcome.OK, Duration.ofMillis(10));
        health.record(DependencyHealth.Outcome.FAILED, Duration.ofMillis(10));
        health.record(DependencyHealth.Outcome.FAILED, Duration.ofMillis(10));
        health.record(DependencyHealth.Outcome.FAILED, Duration.ofMillis(10));

        assertThat(meters.get("nhs.dependency.calls").tags("dependency", "pds", "outcome", "failed").counter().count())
                .isEqualTo(3);
        assertThat(meters.get("nhs.dependency.calls").tags("dependency", "pds", "outcome", "ok").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("nhs.dependency.call.duration").tags("dependency", "pds").timer().count()).isEqualTo(4);
        assertThat(meters.get("nhs.dependency.circuit.state").tags("dependency", "pds").gauge().value()).isEqualTo(2);
    }
}
