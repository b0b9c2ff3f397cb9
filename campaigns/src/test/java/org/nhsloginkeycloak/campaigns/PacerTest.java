package org.nhsloginkeycloak.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    @Test
    void slotsAreEvenlySpacedAtTheRate() {
        Pacer pacer = new Pacer(600, now::get);
        long first = pacer.slot(Long.MAX_VALUE);
        assertThat(first).isEqualTo(now.get());
        for (int i = 1; i <= 600; i++) {
            assertThat(pacer.slot(Long.MAX_VALUE)).isEqualTo(first + i * SECOND / 10);
        }
    }

    @Test
    void timeLeftUnusedIsNotSavedUpBeyondOneSlot() {
        Pacer pacer = new Pacer(60, now::get);
        pacer.slot(Long.MAX_VALUE);
        now.addAndGet(3_600 * SECOND);
        long late = pacer.slot(Long.MAX_VALUE);
        assertThat(late).as("one slot of slack after an hour idle").isEqualTo(now.get() - SECOND);
        assertThat(pacer.slot(Long.MAX_VALUE)).isEqualTo(now.get());
        assertThat(pacer.slot(Long.MAX_VALUE)).as("then the rate again, no burst").isEqualTo(now.get() + SECOND);
    }

    @Test
    void aSlotAfterTheDeadlineIsNotTakenSoTheNextTurnStartsOnTime() {
        Pacer pacer = new Pacer(1, now::get);
        assertThat(pacer.slot(now.get() + 10 * SECOND)).isEqualTo(now.get());
        assertThat(pacer.slot(now.get() + 10 * SECOND)).as("the next is a minute away").isEqualTo(Long.MIN_VALUE);
        assertThat(pacer.slot(now.get() + 10 * SECOND)).isEqualTo(Long.MIN_VALUE);
        now.addAndGet(60 * SECOND);
        assertThat(pacer.slot(now.get() + 10 * SECOND)).isEqualTo(now.get());
    }

    @Test
    void awaitSleepsUntilItsSlotAndRefusesOnePastTheDeadline() throws InterruptedException {
        Pacer pacer = new Pacer(1200, System::nanoTime);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.await(Long.MAX_VALUE)).isTrue();
        }
        assertThat(System.nanoTime() - start).as("nine intervals of 50 ms").isGreaterThanOrEqualTo(9 * SECOND / 20);
        assertThat(pacer.await(System.nanoTime())).isFalse();
    }

    @Test
    void aRateOfNothingIsRefused() {
        assertThatThrownBy(() -> new Pacer(0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
