package org.nhsloginkeycloak.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** One phase of a benchmark: requests sent by a few threads at once, what Keycloak spent on them, how long each took. */
final class Load {

    /** Sends request number {@code index}; throws when the answer is not the one the phase measures. */
    interface Request {
        void send(int index) throws Exception;
    }

    /** Keycloak's CPU time (as the operating system counts it) and the wall time of the phase, and each latency. */
    record Measured(long cpuNanos, long wallNanos, long[] latencies) {
    }

    private Load() {
    }

    static Measured run(Sandpit sandpit, int requests, int threads, Request request) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long cpuBefore = sandpit.keycloakCpuTime().toNanos();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        request.send(i);
                        latencies[i] = System.nanoTime() - sent;
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            long wall = System.nanoTime() - start;
            return new Measured(sandpit.keycloakCpuTime().toNanos() - cpuBefore, wall, latencies);
        } finally {
            pool.shutdownNow();
        }
    }
}
