package org.nhsloginkeycloak.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Where the build laid out Keycloak and the bundle; Maven's benchmark profile sets it. */
    static Path layout() {
        String layout = System.getProperty("sandpit.layout");
        if (layout == null) {
            throw new IllegalStateException("Run through Maven (mvn -Pbenchmark -pl benchmarks -am verify): it sets sandpit.layout");
        }
        return Path.of(layout);
    }

    /** Prints a benchmark's report and writes it where {@code benchmark.report} says, if it says. */
    static void publish(String report) throws IOException {
        System.out.println(report);
        String reportFile = System.getProperty("benchmark.report");
        if (reportFile != null) {
            Files.createDirectories(Path.of(reportFile).getParent());
            Files.writeString(Path.of(reportFile), report);
            System.out.println("Written to " + reportFile);
        }
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
