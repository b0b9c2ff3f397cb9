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
    void timeLeftUnusedIsSavedUpForASecondAtMost() {
        Pacer pacer = new Pacer(600, now::get);
        pacer.slot(Long.MAX_VALUE);
        now.addAndGet(3_600 * SECOND);
        long late = pacer.slot(Long.MAX_VALUE);
        assertThat(late).as("a second of slack after an hour idle").isEqualTo(now.get() - SECOND);
        for (int i = 1; i <= 10; i++) {
            assertThat(pacer.slot(Long.MAX_VALUE)).as("a second's worth at once").isEqualTo(now.get() - SECOND
                    + i * SECOND / 10);
        }
        assertThat(pacer.slot(Long.MAX_VALUE)).as("then the rate again").isEqualTo(now.get() + SECOND / 10);
    }

    @Test
    void aShortPauseIsMadeUpSoTheRateHoldsOverARun() {
        Pacer pacer = new Pacer(1200, now::get);
        long first = pacer.slot(Long.MAX_VALUE);
        now.addAndGet(SECOND / 5);
        // 200 ms without a send (a page being marked): the four slots it held are still there to take.
        assertThat(pacer.slot(Long.MAX_VALUE)).isEqualTo(first + SECOND / 20);
    }

    @Test
    void slotsAMinuteApartKeepOneSlotOfSlack() {
        Pacer pacer = new Pacer(1, now::get);
        pacer.slot(Long.MAX_VALUE);
        now.addAndGet(3_600 * SECOND);
        assertThat(pacer.slot(Long.MAX_VALUE)).isEqualTo(now.get() - 60 * SECOND);
        assertThat(pacer.slot(Long.MAX_VALUE)).isEqualTo(now.get());
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
