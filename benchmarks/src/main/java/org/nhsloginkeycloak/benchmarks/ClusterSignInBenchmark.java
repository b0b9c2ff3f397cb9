package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nhsloginkeycloak.benchmarks.BenchCitizens.Citizen;
import org.nhsloginkeycloak.sandpit.Sandpit;
import org.nhsloginkeycloak.sandpit.SandpitOptions;

/**
 * One Keycloak node on PostgreSQL (A) against two clustered nodes on PostgreSQL behind HAProxy (B), both running at
 * once, measured in phases A B B A: Keycloak's CPU per sign-in (all of it, across both nodes for B) and sign-ins per
 * minute.
 *
 * <p>A sign-in is what NHS login does most: a P0 citizen at the partner {@code example-health-information}, the login
 * page, the password, the security code the Notify stand-in was asked to text, and the partner's code exchange, each
 * request through the topology's one address (for B, HAProxy's round robin, so the steps of one sign-in land on
 * either node). What the cluster adds is Infinispan's work: authentication sessions written to two owners, the
 * single-use store (code slots, sends) replicated, invalidations, JGroups' heartbeats, and our service status sharing
 * each node's measurements. PostgreSQL's and HAProxy's CPU are not Keycloak's and are not counted.
 *
 * <p>Two nodes on two shared cores cannot show scale-out: they divide the same cores, so sign-ins per minute say what
 * the cluster costs, not what it would serve on two machines.
 *
 * <p>Sizes: {@code benchmark.cluster.journeys} (per phase), {@code benchmark.cluster.repeats} (rounds of A B B A),
 * {@code benchmark.cluster.warmup} (sign-ins per topology first), {@code benchmark.cluster.threads} (citizens at once).
 */
public final class ClusterSignInBenchmark {

    private static final String PARTNER = "example-health-information";
    /** The sandpit's realm overlay lets each citizen, and each number, have this many codes in 15 minutes. */
    private static final int SENDS_PER_WINDOW = 30;

    record Sizes(int journeys, int repeats, int warmup, int threads) {

        static Sizes fromSystemProperties() {
            return new Sizes(Integer.getInteger("benchmark.cluster.journeys", 150),
                    Integer.getInteger("benchmark.cluster.repeats", 2), Integer.getInteger("benchmark.cluster.warmup", 400),
                    Integer.getInteger("benchmark.cluster.threads", 12));
        }

        int signInsPerTopology() {
            return warmup + repeats * 2 * journeys;
        }

        /** Enough citizens that none signs in more often than the code limits allow in one run. */
        int citizens() {
            return Math.min(BenchCitizens.MOBILES, Math.max(threads * 4, signInsPerTopology() / (SENDS_PER_WINDOW / 2)));
        }
    }

    /** One topology under measurement: its sandpit, a browser per citizen, and its Keycloak processes. */
    static final class Topology {
        final String letter;
        final String label;
        final Sandpit sandpit;
        final List<Citizen> citizens;
        final PartnerClient partner;
        final SmsCodes smsCodes;
        final JitCompilerCpu compiler;
        int next;

        Topology(String letter, String label, Sandpit sandpit, List<Citizen> citizens, HttpClient http) {
            this.letter = letter;
            this.label = label;
            this.sandpit = sandpit;
            this.citizens = citizens;
            this.partner = new PartnerClient(http, sandpit, PARTNER);
            this.smsCodes = new SmsCodes(sandpit.govukNotify().server());
            this.compiler = JitCompilerCpu.of(sandpit.nodes().stream().map(Sandpit.Node::pid).toList());
        }
    }

    record Phase(String letter, String label, int round, long cpuNanos, long compilerNanos, long wallNanos,
            int journeys, int failed, long[] latencies, String firstFailure) {

        double cpuMsPerSignIn() {
            return (cpuNanos - compilerNanos) / 1e6 / (journeys - failed);
        }

        double perMinute() {
            return (journeys - failed) / (wallNanos / 1e9) * 60;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Sizes sizes;
    private final ExecutorService pool;

    private ClusterSignInBenchmark(Sizes sizes) {
        this.sizes = sizes;
        this.pool = Executors.newFixedThreadPool(sizes.threads());
    }

    public static void main(String[] args) throws Exception {
        Sizes sizes = Sizes.fromSystemProperties();
        Path layout = Load.layout();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        ClusterSignInBenchmark benchmark = new ClusterSignInBenchmark(sizes);
        SandpitOptions single = SandpitOptions.forTests(layout).withWork("benchmark-cluster-single")
                .withDatabase(SandpitOptions.Database.POSTGRES);
        SandpitOptions cluster = SandpitOptions.forTests(layout).withWork("benchmark-cluster-two")
                .withDatabase(SandpitOptions.Database.POSTGRES).withNodes(2);
        System.out.println("Starting one Keycloak node on PostgreSQL, then two clustered nodes behind HAProxy");
        try (Sandpit one = Sandpit.start(single); Sandpit two = Sandpit.start(cluster)) {
            Topology a = benchmark.topology("A", "one node", one);
            Topology b = benchmark.topology("B", "two nodes", two);
            Map<String, Double> idle = new java.util.LinkedHashMap<>();
            idle.put(a.letter, idleCpuMsPerSecond(a));
            idle.put(b.letter, idleCpuMsPerSecond(b));
            for (Topology topology : List.of(a, b)) {
                Phase warm = benchmark.run(topology, 0, sizes.warmup());
                System.out.printf("  warm-up %s (%s): %.1f ms CPU per sign-in, %d failed%n", topology.letter,
                        topology.label, warm.cpuMsPerSignIn(), warm.failed());
                if (warm.failed() * 2 > warm.journeys()) {
                    throw new IllegalStateException("Most sign-ins of the warm-up on " + topology.label
                            + " went wrong, e.g. " + warm.firstFailure());
                }
            }
            List<Phase> phases = new ArrayList<>();
            for (int round = 1; round <= sizes.repeats(); round++) {
                for (Topology topology : List.of(a, b, b, a)) {
                    Phase phase = benchmark.run(topology, round, sizes.journeys());
                    System.out.printf("  round %d, %s (%s): %.1f ms CPU per sign-in, %.0f per minute, %d failed%n",
                            round, phase.letter(), phase.label(), phase.cpuMsPerSignIn(), phase.perMinute(),
                            phase.failed());
                    phases.add(phase);
                }
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Load.publish(report(phases, sizes, idle, loadBefore, loadAfter));
        } finally {
            benchmark.pool.shutdownNow();
        }
    }

    private Topology topology(String letter, String label, Sandpit sandpit) throws Exception {
        List<Citizen> citizens = new BenchCitizens(http, sandpit).create("cluster-bench-" + letter.toLowerCase(), 0,
                sizes.citizens(), pool, sizes.threads());
        return new Topology(letter, label, sandpit, citizens, http);
    }

    /**
     * {@code count} sign-ins, {@code threads} at once. Each thread signs in its own share of the citizens in turn, so
     * no citizen (and no mobile) is in two sign-ins at once.
     */
    private Phase run(Topology topology, int round, int count) throws Exception {
        long[] latencies = new long[count];
        String[] failures = new String[count];
        AtomicInteger next = new AtomicInteger();
        int threads = sizes.threads();
        int start = topology.next;
        topology.next += count;
        Map<String, Long> compilerBefore = topology.compiler.read();
        long cpuBefore = topology.sandpit.keycloakCpuTime().toNanos();
        long began = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                int mine = 0;
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    int share = topology.citizens.size() / threads;
                    Citizen citizen = topology.citizens.get(thread + threads * ((start / threads + mine++) % share));
                    long sent = System.nanoTime();
                    failures[i] = signIn(topology, citizen);
                    latencies[i] = System.nanoTime() - sent;
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long wall = System.nanoTime() - began;
        long cpu = topology.sandpit.keycloakCpuTime().toNanos() - cpuBefore;
        long compiled = Math.min(cpu, JitCompilerCpu.between(compilerBefore, topology.compiler.read()));
        int failed = (int) Arrays.stream(failures).filter(f -> f != null).count();
        String first = Arrays.stream(failures).filter(f -> f != null).findFirst().orElse(null);
        return new Phase(topology.letter, topology.label, round, cpu, compiled, wall, count, failed, latencies, first);
    }

    /** Null when the partner got an ID token saying {@code P0.Cp.Cd}; otherwise what happened instead. */
    private String signIn(Topology topology, Citizen citizen) {
        try {
            PartnerClient.Request request = topology.partner.authorize("openid", "[\"P0.Cp.Cd\"]");
            CitizenBrowser browser = new CitizenBrowser(http, topology.sandpit.keycloakUrl());
            CitizenBrowser.Landing login = browser.open(request.uri());
            CitizenBrowser.Landing codePage = browser.submit(login, "#kc-form-login",
                    Map.of("username", citizen.username(), "password", BenchCitizens.PASSWORD));
            CitizenBrowser.Landing back = browser.submit(codePage, "#nhs-sms-code-form",
                    Map.of("code", topology.smsCodes.take(citizen.mobile())));
            if (back.redirect() == null) {
                return back.headline();
            }
            JsonNode idToken = topology.partner.redeem(request, back.redirect());
            String vot = idToken.path("vot").asText();
            return vot.equals("P0.Cp.Cd") ? null : "vot " + vot;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    /** Keycloak's CPU while nobody signs in: timers, caches, metrics and, for the cluster, JGroups and the shared status. */
    private static double idleCpuMsPerSecond(Topology topology) throws InterruptedException {
        Map<String, Long> compilerBefore = topology.compiler.read();
        long before = topology.sandpit.keycloakCpuTime().toNanos();
        long start = System.nanoTime();
        Thread.sleep(10_000);
        long cpu = topology.sandpit.keycloakCpuTime().toNanos() - before;
        cpu -= Math.min(cpu, JitCompilerCpu.between(compilerBefore, topology.compiler.read()));
        return cpu / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    static String report(List<Phase> phases, Sizes sizes, Map<String, Double> idle, double loadBefore,
            double loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("# Sign-in on one node against two clustered nodes (PostgreSQL, HAProxy)\n\n");
        out.append(String.format("A: one Keycloak node on PostgreSQL. B: two nodes of one Infinispan cluster on one"
                + " PostgreSQL, behind HAProxy (round robin, no stickiness). Both running at once, each with its own"
                + " database and stand-ins. A sign-in: login page, password, the texted code, the partner's code"
                + " exchange. %d citizens at once; a warm-up of %d sign-ins each, then %d rounds of A B B A phases of"
                + " %d sign-ins. Keycloak CPU as the operating system counts it (both nodes for B), its JIT compiler"
                + " left out. Load average %.1f before, %.1f after, on %d cores.%n%n", sizes.threads(), sizes.warmup(),
                sizes.repeats(), sizes.journeys(), loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors()));
        out.append("| round | phase | Keycloak CPU per sign-in (ms) | JIT per sign-in (ms) | sign-ins/min | p50 (ms) | p99 (ms) | failed |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Phase phase : phases) {
            long[] sorted = phase.latencies().clone();
            Arrays.sort(sorted);
            out.append(String.format("| %d | %s %s | %.1f | %.1f | %.0f | %.0f | %.0f | %d |%n", phase.round(),
                    phase.letter(), phase.label(), phase.cpuMsPerSignIn(),
                    phase.compilerNanos() / 1e6 / phase.journeys(), phase.perMinute(),
                    sorted[sorted.length / 2] / 1e6, sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1e6,
                    phase.failed()));
        }
        out.append('\n');
        double a = pooledCpu(phases, "A");
        double b = pooledCpu(phases, "B");
        out.append(String.format("Pooled: A %.1f ms, B %.1f ms of Keycloak CPU per sign-in; **B/A = %.3f** (goal:"
                        + " at most 1.15). Sign-ins per minute: A %.0f, B %.0f.%n%n", a, b, b / a,
                pooledRate(phases, "A"), pooledRate(phases, "B")));
        out.append("Per round, B/A: ");
        for (int round = 1; round <= sizes.repeats(); round++) {
            int r = round;
            List<Phase> inRound = phases.stream().filter(p -> p.round() == r).toList();
            out.append(String.format("%s%.3f", round == 1 ? "" : ", ", pooledCpu(inRound, "B") / pooledCpu(inRound, "A")));
        }
        out.append(".\n\n");
        out.append(String.format("Idle (nobody signing in): A %.1f ms, B %.1f ms of Keycloak CPU per second.%n%n",
                idle.get("A"), idle.get("B")));
        out.append("Two nodes on two shared cores divide the same cores: sign-ins per minute here show what the cluster"
                + " costs, not the scale-out it gives on machines of their own.\n");
        return out.toString();
    }

    private static double pooledCpu(List<Phase> phases, String letter) {
        long cpu = 0;
        int signIns = 0;
        for (Phase phase : phases) {
            if (phase.letter().equals(letter)) {
                cpu += phase.cpuNanos() - phase.compilerNanos();
                signIns += phase.journeys() - phase.failed();
            }
        }
        return cpu / 1e6 / signIns;
    }

    private static double pooledRate(List<Phase> phases, String letter) {
        long wall = 0;
        int signIns = 0;
        for (Phase phase : phases) {
            if (phase.letter().equals(letter)) {
                wall += phase.wallNanos();
                signIns += phase.journeys() - phase.failed();
            }
        }
        return signIns / (wall / 1e9) * 60;
    }
}
