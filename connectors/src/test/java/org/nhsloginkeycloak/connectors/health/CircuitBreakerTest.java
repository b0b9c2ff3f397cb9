package org.nhsloginkeycloak.connectors.health;

import org.nhsloginkeycloak.connectors.support.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final TestClock clock = new TestClock();
    private final CircuitBreaker circuit = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(circuit.allow()).isTrue();
            circuit.failed();
        }
    }

    @Test
    void opensAfterTheConfiguredFailuresInARowAndRefusesCallsWhileOpen() {
        fail(2);
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);

        fail(1);

        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(circuit.allow()).isFalse();
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        fail(2);
        assertThat(circuit.allow()).isTrue();
        circuit.succeeded();
        fail(2);

        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void afterThePauseOneTrialCallDecides() {
        fail(3);
        clock.advance(Duration.ofSeconds(31));
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

        assertThat(circuit.allow()).as("the trial").isTrue();
        assertThat(circuit.allow()).as("a second caller during the trial").isFalse();
        circuit.failed();
        assertThat(circuit.state()).as("a failed trial reopens at once").isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(Duration.ofSeconds(31));
        assertThat(circuit.allow()).isTrue();
        circuit.succeeded();
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.allow()).isTrue();
    }
}
