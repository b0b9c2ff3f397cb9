package org.nhsloginkeycloak.connectors.pds;

import org.nhsloginkeycloak.connectors.support.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final TestClock clock = new TestClock();

    private long granted(RateLimit limit, int asks) {
        return IntStream.range(0, asks).filter(i -> limit.tryAcquire()).count();
    }

    @Test
    void grantsAtMostOneSecondsWorthAtOnceThenRefillsAtTheRate() {
        RateLimit limit = new RateLimit(5, clock);

        assertThat(granted(limit, 20)).isEqualTo(5);
        clock.advance(Duration.ofMillis(400));
        assertThat(granted(limit, 20)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(10));
        assertThat(granted(limit, 20)).as("idle time does not bank more than a second").isEqualTo(5);
    }

    @Test
    void aRateBelowOnePerSecondStillLetsOneCallThroughNow() {
        RateLimit limit = new RateLimit(0.5, clock);

        assertThat(granted(limit, 3)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(granted(limit, 3)).isEqualTo(1);
    }

    @Test
    void aRateOfZeroIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new RateLimit(0, clock)).hasMessageContaining("above 0");
    }
}
