package org.nhsloginkeycloak.connectors.pds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.support.MemorySingleUseObjects;
import org.nhsloginkeycloak.connectors.support.TestClock;

/** Two {@link CallSlots} on one store stand for two nodes sharing Keycloak's replicated single-use store. */
class CallSlotsTest {

    private final TestClock clock = new TestClock();
    private final MemorySingleUseObjects store = new MemorySingleUseObjects(clock);

    private long granted(CallSlots node, int asks) {
        return IntStream.range(0, asks).filter(i -> node.tryAcquire(store)).count();
    }

    @Test
    void twoNodesTogetherGetNoMoreThanTheRateInASecond() {
        CallSlots nodeA = new CallSlots(5);
        CallSlots nodeB = new CallSlots(5);

        long a = granted(nodeA, 4);
        long b = granted(nodeB, 10);
        clock.advance(Duration.ofMillis(999));

        assertThat(a + b + granted(nodeA, 10) + granted(nodeB, 10)).isEqualTo(5);
    }

    @Test
    void backgroundWorkTakesOnlyItsShareAndTheJourneysKeepTheRest() {
        CallSlots nodeA = new CallSlots(5, 0.4);
        CallSlots nodeB = new CallSlots(5, 0.4);
        long background = IntStream.range(0, 10).filter(i -> (i % 2 == 0 ? nodeA : nodeB).tryAcquireBackground(store))
                .count();
        assertThat(background).as("two of five, across both nodes").isEqualTo(2);
        assertThat(granted(nodeA, 10)).as("the journeys' three").isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(granted(nodeB, 10)).as("with no background work, the journeys may take all five").isEqualTo(5);
        assertThat(nodeB.tryAcquireBackground(store)).as("and then there is none for it").isFalse();
        assertThat(new CallSlots(1, 0.4).backgroundSlots()).as("at least one").isEqualTo(1);
        assertThatThrownBy(() -> new CallSlots(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallSlots(5, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneNodeMayUseTheWholeAllowanceWhileTheOtherIsIdle() {
        CallSlots busy = new CallSlots(5);

        assertThat(granted(busy, 20)).isEqualTo(5);
    }

    @Test
    void aSlotIsFreeAgainASecondAfterItWasTaken() {
        CallSlots nodeA = new CallSlots(3);
        CallSlots nodeB = new CallSlots(3);
        assertThat(granted(nodeA, 3)).isEqualTo(3);

        clock.advance(Duration.ofSeconds(1));

        assertThat(granted(nodeB, 10)).isEqualTo(3);
    }

    @Test
    void callsFiredAtOnceFromManyThreadsNeverExceedTheRate() throws Exception {
        List<CallSlots> nodes = List.of(new CallSlots(7), new CallSlots(7));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CallSlots node = nodes.get(i % 2);
            calls.add(threads.submit(() -> {
                start.await();
                return node.tryAcquire(store);
            }));
        }
        start.countDown();
        long granted = 0;
        for (Future<Boolean> call : calls) {
            granted += call.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        threads.shutdown();

        assertThat(granted).isEqualTo(7);
    }

    @Test
    void aRateBelowOneASecondIsOneCallPerInterval() {
        CallSlots slow = new CallSlots(0.5);

        assertThat(granted(slow, 3)).isEqualTo(1);
        clock.advance(Duration.ofMillis(1999));
        assertThat(granted(slow, 3)).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(granted(slow, 3)).isEqualTo(1);
    }

    @Test
    void aFractionalRateIsRoundedDownNeverUp() {
        assertThat(new CallSlots(2.9).slots()).isEqualTo(2);
    }

    @Test
    void aRateOfZeroIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new CallSlots(0)).hasMessageContaining("above 0");
    }
}
