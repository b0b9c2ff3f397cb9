package org.nhsloginkeycloak.authenticators.codes;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

class GuessSlotsTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    /** Keycloak's single-use store reduced to what the slots use: an atomic put-if-absent. */
    private final Map<String, Boolean> store = new ConcurrentHashMap<>();
    private final KeycloakSession session = session(store);
    private final SecurityCode code = SecurityCode.issue("123456", Instant.now(), TEN_MINUTES, new SecureRandom());

    @Test
    void aCodeGetsExactlyItsNumberOfGuesses() {
        for (int guess = 1; guess <= 5; guess++) {
            assertThat(GuessSlots.take(session, code, 5, TEN_MINUTES)).as("guess %d", guess).isTrue();
        }
        assertThat(GuessSlots.take(session, code, 5, TEN_MINUTES)).isFalse();
    }

    @Test
    void eachCodeHasItsOwnSlots() {
        SecurityCode other = SecurityCode.issue("654321", Instant.now(), TEN_MINUTES, new SecureRandom());
        for (int guess = 1; guess <= 5; guess++) {
            GuessSlots.take(session, code, 5, TEN_MINUTES);
        }
        assertThat(GuessSlots.take(session, other, 5, TEN_MINUTES)).isTrue();
    }

    @Test
    void guessesRacingFromManyThreadsStillGetFiveSlots() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> guesses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                guesses.add(threads.submit(() -> {
                    start.await();
                    return GuessSlots.take(session, code, 5, TEN_MINUTES);
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Boolean> guess : guesses) {
                allowed += guess.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(5);
        } finally {
            threads.shutdownNow();
        }
    }

    private static KeycloakSession session(Map<String, Boolean> store) {
        SingleUseObjectProvider singleUse = (SingleUseObjectProvider) Proxy.newProxyInstance(
                GuessSlotsTest.class.getClassLoader(), new Class<?>[] {SingleUseObjectProvider.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("putIfAbsent")) {
                        return store.putIfAbsent((String) args[0], Boolean.TRUE) == null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(GuessSlotsTest.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProvider") && args.length == 1
                            && args[0] == SingleUseObjectProvider.class) {
                        return singleUse;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
