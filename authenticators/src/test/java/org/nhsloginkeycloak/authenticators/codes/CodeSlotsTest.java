package org.nhsloginkeycloak.authenticators.codes;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

class CodeSlotsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    /** Keycloak's single-use store reduced to what the slots use: put-if-absent (atomic), put, get, remove. */
    private final Map<String, Map<String, String>> store = new ConcurrentHashMap<>();
    private final KeycloakSession session = session(store);

    @Test
    void aSubjectGetsExactlyItsLimitThenTheTimeTheOldestFrees() {
        CodeSlots slots = new CodeSlots(session, "user:1", 3, WINDOW);
        for (int i = 0; i < 3; i++) {
            assertThat(slots.take(NOW.plusSeconds(i))).as("slot %d", i).isPresent();
        }

        assertThat(slots.take(NOW.plusSeconds(60))).isEmpty();
        assertThat(slots.nextFree(NOW.plusSeconds(60))).isEqualTo(NOW.plus(WINDOW));
    }

    @Test
    void aSlotGivenBackCanBeTakenAgainAndSubjectsDoNotShare() {
        CodeSlots slots = new CodeSlots(session, "user:1", 1, WINDOW);
        String taken = slots.take(NOW).orElseThrow();
        assertThat(new CodeSlots(session, "user:2", 1, WINDOW).take(NOW)).isPresent();
        assertThat(slots.take(NOW)).isEmpty();

        slots.giveBack(taken);

        assertThat(slots.take(NOW)).isPresent();
        assertThat(slots.nextFree(NOW)).isEqualTo(NOW.plus(WINDOW));
    }

    @Test
    void sendsRacingFromManyThreadsGetExactlyTheLimit() throws Exception {
        CodeSlots slots = new CodeSlots(session, "number:+447700900123", 3, WINDOW);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Optional<String>>> sends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sends.add(threads.submit(() -> {
                    start.await();
                    return slots.take(NOW);
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Optional<String>> send : sends) {
                allowed += send.get().isPresent() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(3);
        } finally {
            threads.shutdownNow();
        }
    }

    static KeycloakSession session(Map<String, Map<String, String>> store) {
        SingleUseObjectProvider singleUse = (SingleUseObjectProvider) Proxy.newProxyInstance(
                CodeSlotsTest.class.getClassLoader(), new Class<?>[] {SingleUseObjectProvider.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "putIfAbsent" -> store.putIfAbsent((String) args[0], Map.of()) == null;
                    case "put" -> {
                        @SuppressWarnings("unchecked")
                        Map<String, String> notes = (Map<String, String>) args[2];
                        store.put((String) args[0], notes);
                        yield null;
                    }
                    case "get" -> store.get((String) args[0]);
                    case "contains" -> store.containsKey((String) args[0]);
                    case "remove" -> store.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(CodeSlotsTest.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProvider") && args.length == 1
                            && args[0] == SingleUseObjectProvider.class) {
                        return singleUse;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
