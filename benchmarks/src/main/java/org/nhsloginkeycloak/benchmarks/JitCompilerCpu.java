package org.nhsloginkeycloak.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of the JIT compiler threads in the Keycloak this JVM started, read per thread from Linux's {@code /proc}.
 *
 * <p>Why a benchmark wants it apart: after thousands of journeys Keycloak's JVM is still compiling (H2, Hibernate,
 * regular expressions...), on its compiler threads, at its own pace. That CPU lands in whichever phase is running,
 * more in a long one: a phase waiting 200 ms on PDS per journey collected three times the compiler CPU per journey of
 * one that did not wait. A node that has run for hours has long stopped paying it, so the per-journey figures leave
 * it out, and the report says how much it was.
 */
final class JitCompilerCpu {

    private final List<Path> tasks;

    private JitCompilerCpu(List<Path> tasks) {
        this.tasks = tasks;
    }

    /** The Keycloak JVM among this process's descendants (kc.sh runs it as its child), or none off Linux. */
    static JitCompilerCpu ofKeycloak() {
        List<ProcessHandle> javas = ProcessHandle.current().descendants()
                .filter(process -> process.info().command().orElse("").endsWith("/java")).toList();
        if (javas.size() != 1) {
            return new JitCompilerCpu(List.of());
        }
        return of(List.of(javas.get(0).pid()));
    }

    /** The JVMs with these process ids, e.g. a cluster's nodes; none off Linux. */
    static JitCompilerCpu of(List<Long> pids) {
        List<Path> tasks = pids.stream().map(pid -> Path.of("/proc", String.valueOf(pid), "task"))
                .filter(Files::isDirectory).toList();
        return new JitCompilerCpu(tasks.size() == pids.size() ? tasks : List.of());
    }

    /** Nanoseconds each compiler thread alive now has run, by thread id; empty when they cannot be read. */
    Map<String, Long> read() {
        Map<String, Long> threads = new HashMap<>();
        for (Path process : tasks) {
            try (Stream<Path> listed = Files.list(process)) {
                // Thread ids are unique on the machine, so threads of several JVMs never share a key.
                listed.forEach(thread -> compilerNanos(thread)
                        .ifPresent(nanos -> threads.put(thread.getFileName().toString(), nanos)));
            } catch (IOException e) {
                // Keycloak has stopped.
            }
        }
        return threads;
    }

    /**
     * What the compiler threads ran between two readings. HotSpot adds and retires compiler threads as its queue grows
     * and shrinks: a new one counts in full, a retired one's last moments are lost (a few milliseconds at most).
     */
    static long between(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().mapToLong(thread -> thread.getValue()
                - Math.min(thread.getValue(), before.getOrDefault(thread.getKey(), 0L))).sum();
    }

    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1"...; Linux keeps the first 15 characters. */
    private static Optional<Long> compilerNanos(Path thread) {
        try {
            if (!Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
                return Optional.empty();
            }
            // schedstat's first field: nanoseconds on a CPU. stat's utime and stime count in 10 ms ticks.
            Path schedstat = thread.resolve("schedstat");
            if (Files.isReadable(schedstat)) {
                return Optional.of(Long.parseLong(Files.readString(schedstat).trim().split(" ")[0]));
            }
            String stat = Files.readString(thread.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L);
        } catch (IOException | RuntimeException e) {
            // The thread ended between the listing and the read.
            return Optional.empty();
        }
    }
}
