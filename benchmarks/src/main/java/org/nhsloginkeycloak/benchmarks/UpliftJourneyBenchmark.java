package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.nhsloginkeycloak.benchmarks.BenchCitizens.Citizen;
import org.nhsloginkeycloak.sandpit.Sandpit;
import org.nhsloginkeycloak.sandpit.SandpitOptions;

/**
 * The P5 uplift journey against a plain sign-in, through the sandpit's real Keycloak and its PDS and GOV.UK Notify
 * stand-ins, driven over HTTP as a citizen without JavaScript and a partner would.
 *
 * <ul>
 *   <li>Journey A, a plain sign-in: a P0 citizen at the partner {@code example-health-information} asking for
 *       {@code vtr=["P0.Cp.Cd"]}: the login page, the password, the security code the Notify stand-in was asked to
 *       text, and the partner's code exchange.</li>
 *   <li>Journey B, the uplift: the same, but the partner asks for {@code vtr=["P5.Cp.Cd"]}, so after the code comes
 *       the uplift form, filled in with the details of a PDS patient of the citizen's own; the trace finds them, and
 *       the partner gets {@code vot} {@code P5.Cp.Cd}. One partner (registered for both), one scope ({@code openid}):
 *       the journeys differ only in what the uplift adds.</li>
 *   <li>A' and B': the same two requests from a citizen whose browser holds the P0 session an A journey left. No
 *       password is hashed, so the uplift's share stands on a small base, and the noise a shared machine adds in
 *       proportion to the base shrinks with it: B' - A' measures what B - A does, several times more sharply.</li>
 * </ul>
 *
 * <p>Every uplift needs a citizen and a PDS record that have never met: one NHS number belongs to one account, and a
 * citizen has 3 traces a day. Freeing the NHS number through the admin REST API between journeys would add admin calls
 * to Keycloak's CPU in the measured phases, and would send every trace to one record whose number was just taken off
 * someone else: not what production sees. So each B journey has a citizen created through the admin API before any
 * measurement, and a synthetic patient of its own ({@link SyntheticPatients}) whose only mobile is the citizen's
 * verified one, so AMNV matches and no further page appears. Keycloak then does exactly a first-time uplift's work: one
 * PDS search, one look-up that finds no other holder of the NHS number, the attributes written, the level raised.
 * Citizens are given their password already hashed the way Keycloak would ({@link StoredPassword}): signing in checks
 * it exactly as usual, in A and B alike, and creating thousands of them does not cost a sign-in's CPU each.
 *
 * <p>Four configurations: the PDS stand-in answering at once or after a fixed delay (WireMock's, on the patients'
 * mappings), with the node's PDS allowance ({@code --spi-nhs-pds--pds-fhir--requests-per-second}) lifted or at its
 * default of 5 per second. The allowance is read when Keycloak starts, so each allowance has a Keycloak of its own.
 * On each: a warm-up, then rounds in which each latency in turn gets phases A B B A (later A' B' B' A'), each phase
 * measuring Keycloak's CPU time as the operating system counts it (its JIT compiler's apart, see
 * {@link JitCompilerCpu}), wall time, every journey's latency and how it ended. Over the allowance a citizen is shown
 * the uplift form again with {@code nhs-uplift-unavailable}; those journeys are counted, and end there.
 *
 * <p>Sizes: {@code benchmark.uplift.journeys} (per phase), {@code benchmark.uplift.repeats} (rounds),
 * {@code benchmark.uplift.warmup} (journeys of each kind per Keycloak), {@code benchmark.uplift.threads} (citizens at
 * once), {@code benchmark.uplift.latencies} (ms) and {@code benchmark.uplift.limits} (requests per second), the last
 * two comma-separated.
 */
public final class UpliftJourneyBenchmark {

    private static final String PARTNER = "example-health-information";
    /** The English text of {@code nhs-uplift-unavailable}: how the journey tells "busy" from other pages. */
    static final String BUSY_TEXT = "We cannot check your details right now";
    /** The sandpit's Notify stand-in allows each number this many codes per 15 minutes (its realm overlay). */
    private static final int SENDS_PER_NUMBER = 30;
    private static final int MOBILES = BenchCitizens.MOBILES;

    enum Journey {
        SIGN_IN("A", "sign-in", false, false),
        UPLIFT("B", "uplift", true, false),
        SESSION_SIGN_IN("A'", "P0 on a session", false, true),
        SESSION_UPLIFT("B'", "uplift on a session", true, true);

        final String letter;
        final String label;
        /** The partner asks for P5, so a P0 citizen goes through the uplift. */
        final boolean uplift;
        /** The citizen's browser holds a P0 single sign-on session: no password, no code. */
        final boolean onSession;

        Journey(String letter, String label, boolean uplift, boolean onSession) {
            this.letter = letter;
            this.label = label;
            this.uplift = uplift;
            this.onSession = onSession;
        }
    }

    /** How a journey ended: at the partner with the level asked for, on the busy page, or otherwise (an error). */
    enum Ending { SIGNED_IN_P0, UPLIFTED_P5, BUSY, OTHER }

    record Configuration(int latencyMillis, int requestsPerSecond) {
    }

    record Sizes(int journeys, int repeats, int warmup, int threads, List<Integer> latencies, List<Integer> limits) {

        static Sizes fromSystemProperties() {
            return new Sizes(Integer.getInteger("benchmark.uplift.journeys", 50),
                    Integer.getInteger("benchmark.uplift.repeats", 3), Integer.getInteger("benchmark.uplift.warmup", 200),
                    Integer.getInteger("benchmark.uplift.threads", 12),
                    numbers(System.getProperty("benchmark.uplift.latencies", "0,200")),
                    numbers(System.getProperty("benchmark.uplift.limits", "1000,5")));
        }

        private static List<Integer> numbers(String list) {
            return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                    .toList();
        }

        int citizensPerKeycloak() {
            return 2 * warmup + repeats * latencies.size() * 4 * journeys;
        }

        void check() {
            if (warmup < 2 * journeys) {
                throw new IllegalArgumentException("The warm-up's signed-in citizens warm up and run the journeys on a"
                        + " session: benchmark.uplift.warmup must be at least twice benchmark.uplift.journeys");
            }
            if (citizensPerKeycloak() > MOBILES * SENDS_PER_NUMBER) {
                throw new IllegalArgumentException("These sizes need " + citizensPerKeycloak() + " sign-ins per"
                        + " Keycloak, more than the " + MOBILES + " drama-range mobiles may be sent codes in 15 minutes");
            }
        }
    }

    /** A citizen and their browser, which keeps the single sign-on session a sign-in leaves. */
    record Traveller(Citizen citizen, CitizenBrowser browser) {
    }

    record Result(Ending ending, long nanos, String headline, Traveller traveller) {
    }

    /** What one phase measured; {@code cpuNanos} is all of Keycloak's, {@code compilerNanos} its JIT compiler's. */
    record Phase(Configuration configuration, Journey journey, int round, long cpuNanos, long compilerNanos,
            long wallNanos, List<Result> results) {

        int journeys() {
            return results.size();
        }

        /** Keycloak's CPU per journey, its JIT compiler left out ({@link JitCompilerCpu} says why). */
        double cpuMsPerJourney() {
            return (cpuNanos - compilerNanos) / 1e6 / journeys();
        }

        double compilerMsPerJourney() {
            return compilerNanos / 1e6 / journeys();
        }

        double perMinute() {
            return journeys() / (wallNanos / 1e9) * 60;
        }

        long count(Ending ending) {
            return results.stream().filter(result -> result.ending() == ending).count();
        }

        long[] latencies() {
            return results.stream().mapToLong(Result::nanos).toArray();
        }
    }

    private final Sandpit sandpit;
    private final Sizes sizes;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final PartnerClient partner;
    private final SmsCodes smsCodes;
    private final SyntheticPatients patients;
    private final ExecutorService pool;
    private final JitCompilerCpu compiler;

    private UpliftJourneyBenchmark(Sandpit sandpit, Sizes sizes) {
        this.sandpit = sandpit;
        this.sizes = sizes;
        this.partner = new PartnerClient(http, sandpit, PARTNER);
        this.smsCodes = new SmsCodes(sandpit.govukNotify().server());
        this.patients = new SyntheticPatients(sandpit.pds().server());
        this.pool = Executors.newFixedThreadPool(sizes.threads());
        this.compiler = JitCompilerCpu.ofKeycloak();
    }

    public static void main(String[] args) throws Exception {
        Sizes sizes = Sizes.fromSystemProperties();
        Path layout = Load.layout();
        sizes.check();
        int citizensPerStart = sizes.citizensPerKeycloak();
        List<Phase> phases = new ArrayList<>();
        Map<Integer, Double> idleCpu = new java.util.LinkedHashMap<>();
        double[] load = {ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 0};
        int nextCitizen = 0;
        for (int limit : new LinkedHashSet<>(sizes.limits())) {
            SandpitOptions options = SandpitOptions.forTests(layout).withWork("benchmark-uplift-run")
                    .withServerOptions(List.of("--spi-nhs-pds--pds-fhir--requests-per-second=" + limit));
            System.out.printf("Starting Keycloak with a PDS allowance of %d requests per second%n", limit);
            try (Sandpit sandpit = Sandpit.start(options)) {
                UpliftJourneyBenchmark benchmark = new UpliftJourneyBenchmark(sandpit, sizes);
                try {
                    List<Citizen> citizens = new BenchCitizens(benchmark.http, sandpit).create("uplift-bench", nextCitizen,
                            citizensPerStart, benchmark.pool, sizes.threads());
                    nextCitizen += citizensPerStart;
                    phases.addAll(benchmark.measure(limit, citizens));
                    idleCpu.put(limit, benchmark.idleCpuMsPerSecond());
                } finally {
                    benchmark.pool.shutdownNow();
                }
            }
        }
        load[1] = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String report = report(phases, sizes, idleCpu, load);
        Load.publish(report);
    }

    /**
     * One Keycloak's configurations: a warm-up of both journeys, then rounds in which each PDS latency in turn gets
     * phases A B B A, so that Keycloak warming further, or the machine getting busier, weighs on every configuration
     * alike; then the same on single sign-on sessions (A' B' B' A'). Each B and B' journey has a citizen of its own.
     */
    private List<Phase> measure(int limit, List<Citizen> citizens) throws Exception {
        Iterator<Citizen> fresh = citizens.iterator();
        Configuration first = new Configuration(sizes.latencies().get(0), limit);
        List<Traveller> warm = signedIn(warmUp(first, Journey.SIGN_IN, newBrowsers(fresh, sizes.warmup())));
        warmUp(first, Journey.UPLIFT, newBrowsers(fresh, sizes.warmup()));
        List<Phase> phases = new ArrayList<>();
        List<Traveller> signedIn = new ArrayList<>();
        for (int round = 1; round <= sizes.repeats(); round++) {
            for (int latency : sizes.latencies()) {
                for (Journey journey : List.of(Journey.SIGN_IN, Journey.UPLIFT, Journey.UPLIFT, Journey.SIGN_IN)) {
                    Phase phase = run(new Configuration(latency, limit), journey, round,
                            newBrowsers(fresh, sizes.journeys()));
                    signedIn.addAll(signedIn(phase));
                    phases.add(printed(phase));
                }
            }
        }
        // On sessions: the A journeys' citizens step up (each once); the warm-up's sign in again (any number of times).
        Iterator<Traveller> toUplift = signedIn.iterator();
        List<Traveller> stayP0 = warm.subList(sizes.journeys(), warm.size());
        warmUp(first, Journey.SESSION_UPLIFT, warm.subList(0, sizes.journeys()));
        warmUp(first, Journey.SESSION_SIGN_IN, stayP0.subList(0, sizes.journeys()));
        int again = 0;
        for (int round = 1; round <= sizes.repeats(); round++) {
            for (int latency : sizes.latencies()) {
                for (Journey journey : List.of(Journey.SESSION_SIGN_IN, Journey.SESSION_UPLIFT,
                        Journey.SESSION_UPLIFT, Journey.SESSION_SIGN_IN)) {
                    List<Traveller> travellers = new ArrayList<>();
                    for (int i = 0; i < sizes.journeys(); i++) {
                        if (journey.uplift && !toUplift.hasNext()) {
                            throw new IllegalStateException("Too few A journeys ended signed in for the B' phases");
                        }
                        travellers.add(journey.uplift ? toUplift.next() : stayP0.get(again++ % stayP0.size()));
                    }
                    phases.add(printed(run(new Configuration(latency, limit), journey, round, travellers)));
                }
            }
        }
        return phases;
    }

    private List<Traveller> newBrowsers(Iterator<Citizen> citizens, int count) {
        List<Traveller> travellers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            travellers.add(new Traveller(citizens.next(), new CitizenBrowser(http, sandpit.keycloakUrl())));
        }
        return travellers;
    }

    private static List<Traveller> signedIn(Phase phase) {
        return phase.results().stream().filter(result -> result.ending() == Ending.SIGNED_IN_P0)
                .map(Result::traveller).toList();
    }

    /** A phase that is not measured; a journey that cannot be driven at all stops the run before it is measured. */
    private Phase warmUp(Configuration configuration, Journey journey, List<Traveller> travellers) throws Exception {
        Phase warmup = run(configuration, journey, 0, travellers);
        System.out.printf("  warm-up %s %s: %.1f ms CPU per journey (and %.1f JIT), endings %s%n", journey.letter,
                journey.label, warmup.cpuMsPerJourney(), warmup.compilerMsPerJourney(), endings(warmup));
        if (warmup.count(Ending.OTHER) * 2 > warmup.journeys()) {
            throw new IllegalStateException("Most " + journey.label + " journeys of the warm-up went wrong, e.g. "
                    + warmup.results().stream().filter(r -> r.ending() == Ending.OTHER).findFirst()
                    .map(Result::headline).orElse(""));
        }
        return warmup;
    }

    private static Phase printed(Phase phase) {
        System.out.printf("  round %d, PDS %d ms, %s %s: %.1f ms CPU per journey (and %.1f JIT), %.0f per minute,"
                        + " endings %s%n", phase.round(), phase.configuration().latencyMillis(), phase.journey().letter,
                phase.journey().label, phase.cpuMsPerJourney(), phase.compilerMsPerJourney(), phase.perMinute(),
                endings(phase));
        return phase;
    }

    private Phase run(Configuration configuration, Journey journey, int round, List<Traveller> travellers)
            throws Exception {
        List<SyntheticPatients.Patient> theirs = travellers.stream().map(Traveller::citizen)
                .map(citizen -> SyntheticPatients.patient(citizen.index(), citizen.mobile())).toList();
        if (journey.uplift) {
            patients.serve(theirs, Duration.ofMillis(configuration.latencyMillis()));
        }
        try {
            Result[] results = new Result[travellers.size()];
            AtomicInteger next = new AtomicInteger();
            Map<String, Long> compilerBefore = compiler.read();
            long cpuBefore = sandpit.keycloakCpuTime().toNanos();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < sizes.threads(); t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
                        results[i] = journey(journey, travellers.get(i), theirs.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            long wall = System.nanoTime() - start;
            long cpu = sandpit.keycloakCpuTime().toNanos() - cpuBefore;
            long compiled = Math.min(cpu, JitCompilerCpu.between(compilerBefore, compiler.read()));
            return new Phase(configuration, journey, round, cpu, compiled, wall, List.of(results));
        } finally {
            patients.removeAll();
        }
    }

    /**
     * One citizen's journey, from the partner's authorization request to its code exchange: signing in with the
     * password and the texted code, or on the session an earlier sign-in left in their browser.
     */
    private Result journey(Journey journey, Traveller traveller, SyntheticPatients.Patient patient) {
        long start = System.nanoTime();
        try {
            PartnerClient.Request request = partner.authorize("openid",
                    journey.uplift ? "[\"P5.Cp.Cd\"]" : "[\"P0.Cp.Cd\"]");
            CitizenBrowser browser = traveller.browser();
            CitizenBrowser.Landing after = browser.open(request.uri());
            if (!journey.onSession) {
                CitizenBrowser.Landing codePage = browser.submit(after, "#kc-form-login",
                        Map.of("username", traveller.citizen().username(), "password", BenchCitizens.PASSWORD));
                after = browser.submit(codePage, "#nhs-sms-code-form",
                        Map.of("code", smsCodes.take(traveller.citizen().mobile())));
            }
            if (journey.uplift) {
                after = browser.submit(after, "#nhs-uplift-form", patient.upliftForm());
                if (after.redirect() == null) {
                    Ending ending = after.headline().contains(BUSY_TEXT) ? Ending.BUSY : Ending.OTHER;
                    return new Result(ending, System.nanoTime() - start, after.headline(), traveller);
                }
            }
            if (after.redirect() == null) {
                return new Result(Ending.OTHER, System.nanoTime() - start, after.headline(), traveller);
            }
            JsonNode idToken = partner.redeem(request, after.redirect());
            long nanos = System.nanoTime() - start;
            String vot = idToken.path("vot").asText();
            Ending expected = journey.uplift ? Ending.UPLIFTED_P5 : Ending.SIGNED_IN_P0;
            String expectedVot = journey.uplift ? "P5.Cp.Cd" : "P0.Cp.Cd";
            return new Result(vot.equals(expectedVot) ? expected : Ending.OTHER, nanos, "vot " + vot, traveller);
        } catch (IOException | RuntimeException e) {
            return new Result(Ending.OTHER, System.nanoTime() - start, e.toString(), traveller);
        }
    }

    /**
     * Keycloak's CPU while nobody signs in (its timers, caches, metrics), its JIT compiler left out as in the phases:
     * part of every phase, whatever its length.
     */
    private double idleCpuMsPerSecond() throws InterruptedException {
        Map<String, Long> compilerBefore = compiler.read();
        long before = sandpit.keycloakCpuTime().toNanos();
        long start = System.nanoTime();
        Thread.sleep(5_000);
        long cpu = sandpit.keycloakCpuTime().toNanos() - before;
        cpu -= Math.min(cpu, JitCompilerCpu.between(compilerBefore, compiler.read()));
        return cpu / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static String endings(Phase phase) {
        Map<Ending, Long> counts = new EnumMap<>(Ending.class);
        for (Ending ending : Ending.values()) {
            if (phase.count(ending) > 0) {
                counts.put(ending, phase.count(ending));
            }
        }
        return counts.toString();
    }

    static String report(List<Phase> phases, Sizes sizes, Map<Integer, Double> idleCpu, double[] load) {
        StringBuilder out = new StringBuilder();
        out.append("# P5 uplift journey vs plain sign-in\n\n");
        out.append(String.format("A: a P0 citizen signs in (password, SMS code, the partner's code exchange) at a P0"
                + " request. B: the same at a P5 request, with the uplift form between the code and the partner,"
                + " traced against the PDS stand-in (a unique match whose mobile is the citizen's). %d citizens at"
                + " once; on each Keycloak a warm-up of %d journeys of each kind, then %d rounds of A B B A phases of"
                + " %d journeys at each PDS latency in turn, then the same on single sign-on sessions (A' B' B' A')."
                + " %d cores; load average %.1f at the start and %.1f at the end (other programs on the machine count"
                + " in it, and slow Keycloak down).%n%n",
                sizes.threads(), sizes.warmup(), sizes.repeats(), sizes.journeys(),
                Runtime.getRuntime().availableProcessors(), load[0], load[1]));
        List<Configuration> configurations = phases.stream().map(Phase::configuration).distinct().toList();
        out.append("| PDS latency | PDS allowance | B journeys/min | B reaching P5/min | A sign-ins/min"
                + " | Keycloak CPU ms/journey, A / B | extra CPU ms per uplift | p50 / p99 ms, A"
                + " | p50 / p99 ms, B | B ending on the busy page |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Configuration configuration : configurations) {
            List<Phase> mine = phases.stream().filter(phase -> phase.configuration().equals(configuration)).toList();
            Totals a = Totals.of(mine, Journey.SIGN_IN, 0);
            Totals b = Totals.of(mine, Journey.UPLIFT, 0);
            out.append(String.format("| %d ms | %d/s | %.0f | %.0f | %.0f | %.1f / %.1f | %s | %.0f / %.0f | %.0f / %.0f"
                            + " | %s |%n",
                    configuration.latencyMillis(), configuration.requestsPerSecond(), b.perMinute(),
                    b.count(Ending.UPLIFTED_P5) / b.wallSeconds() * 60, a.perMinute(), a.cpuMsPerJourney(),
                    b.cpuMsPerJourney(), extra(mine, Journey.SIGN_IN, Journey.UPLIFT),
                    Statistics.percentile(a.latencies(), 50), Statistics.percentile(a.latencies(), 99),
                    Statistics.percentile(b.latencies(), 50), Statistics.percentile(b.latencies(), 99), busy(b)));
        }
        out.append("\nKeycloak CPU leaves out its JIT compiler's (below). Extra CPU per uplift: each round's (Keycloak"
                + " CPU of its two B phases - of its two A phases) / its B journeys; the median of the rounds, in"
                + " brackets the middle half of them and, after the semicolon, all rounds pooled. The median leaves out"
                + " rounds a garbage collection or another program on the machine fell into. The goal is under 5 ms."
                + " Read it where the allowance is lifted: there every B journey is a whole uplift; over the allowance"
                + " many end early, on the busy page, without a code exchange.\n");
        out.append("\n## The uplift alone, on a single sign-on session\n\n");
        out.append("A': a citizen whose browser holds a P0 session (from an A journey) at a P0 request: straight back to"
                + " the partner and the code exchange. B': the same at a P5 request: the uplift form, the trace, the"
                + " code exchange. No password is hashed and no code sent, so the same difference stands on a base a"
                + " tenth of A's, and noise proportional to the base (a busy machine makes every instruction dearer)"
                + " shrinks with it.\n\n");
        out.append("| PDS latency | PDS allowance | Keycloak CPU ms/journey, A' / B' | extra CPU ms per uplift"
                + " | p50 / p99 ms, A' | p50 / p99 ms, B' | B' ending on the busy page |\n|---|---|---|---|---|---|---|\n");
        for (Configuration configuration : configurations) {
            List<Phase> mine = phases.stream().filter(phase -> phase.configuration().equals(configuration)).toList();
            Totals a = Totals.of(mine, Journey.SESSION_SIGN_IN, 0);
            Totals b = Totals.of(mine, Journey.SESSION_UPLIFT, 0);
            out.append(String.format("| %d ms | %d/s | %.1f / %.1f | %s | %.0f / %.0f | %.0f / %.0f | %s |%n",
                    configuration.latencyMillis(), configuration.requestsPerSecond(), a.cpuMsPerJourney(),
                    b.cpuMsPerJourney(), extra(mine, Journey.SESSION_SIGN_IN, Journey.SESSION_UPLIFT),
                    Statistics.percentile(a.latencies(), 50), Statistics.percentile(a.latencies(), 99),
                    Statistics.percentile(b.latencies(), 50), Statistics.percentile(b.latencies(), 99), busy(b)));
        }
        out.append("\nLeft out above, Keycloak's JIT compiler, still compiling at its own pace (ms per journey; it"
                + " lands more in longer phases):\n\n| PDS latency | PDS allowance | A | B | A' | B' |\n"
                + "|---|---|---|---|---|---|\n");
        for (Configuration configuration : configurations) {
            List<Phase> mine = phases.stream().filter(phase -> phase.configuration().equals(configuration)).toList();
            out.append(String.format("| %d ms | %d/s | %.1f | %.1f | %.1f | %.1f |%n", configuration.latencyMillis(),
                    configuration.requestsPerSecond(), Totals.of(mine, Journey.SIGN_IN, 0).compilerMsPerJourney(),
                    Totals.of(mine, Journey.UPLIFT, 0).compilerMsPerJourney(),
                    Totals.of(mine, Journey.SESSION_SIGN_IN, 0).compilerMsPerJourney(),
                    Totals.of(mine, Journey.SESSION_UPLIFT, 0).compilerMsPerJourney()));
        }
        out.append("\nKeycloak's CPU in 5 s with nobody signing in, after the phases: ");
        out.append(idleCpu.entrySet().stream().map(idle -> String.format("%.1f ms/s (allowance %d/s)", idle.getValue(),
                idle.getKey())).collect(Collectors.joining(", ")));
        out.append(". Each phase includes it for its length.\n");
        phases.stream().flatMap(phase -> phase.results().stream()).filter(result -> result.ending() == Ending.BUSY)
                .findFirst().ifPresent(busy -> out.append("\nWhat a citizen over the allowance sees: the uplift form"
                        + " again, what they typed still in it, under \"" + busy.headline() + "\""
                        + " (`nhs-uplift-unavailable`). Nothing counts against their 3 traces a day; they stay P0 and"
                        + " the partner hears nothing until they try again.\n"));
        List<Result> others = phases.stream().flatMap(phase -> phase.results().stream())
                .filter(result -> result.ending() == Ending.OTHER).toList();
        if (!others.isEmpty()) {
            out.append("\n" + others.size() + " measured journeys ended otherwise, e.g.:\n");
            others.stream().limit(5).forEach(other -> out.append("- ").append(other.headline()).append('\n'));
        }
        out.append("\n## Phases, in the order run\n\n");
        out.append("| PDS allowance | round | PDS latency | journey | Keycloak CPU ms/journey | JIT compiler ms/journey"
                + " | journeys/min | p50 ms | p99 ms | endings |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Phase phase : phases) {
            out.append(String.format("| %d/s | %d | %d ms | %s %s | %.1f | %.1f | %.0f | %.0f | %.0f | %s |%n",
                    phase.configuration().requestsPerSecond(), phase.round(), phase.configuration().latencyMillis(),
                    phase.journey().letter, phase.journey().label, phase.cpuMsPerJourney(),
                    phase.compilerMsPerJourney(), phase.perMinute(), Statistics.percentile(phase.latencies(), 50),
                    Statistics.percentile(phase.latencies(), 99), endings(phase)));
        }
        return out.toString();
    }

    /** The median of the rounds' extra CPU, the middle half of them, and all rounds pooled. */
    private static String extra(List<Phase> phases, Journey without, Journey with) {
        double[] rounds = phases.stream().filter(phase -> phase.journey() == with).mapToInt(Phase::round).distinct()
                .mapToDouble(round -> Totals.of(phases, with, round).cpuMsPerJourney()
                        - Totals.of(phases, without, round).cpuMsPerJourney()).sorted().toArray();
        return String.format("**%.1f** (%.1f to %.1f; %.1f)", Statistics.quantile(rounds, 0.5),
                Statistics.quantile(rounds, 0.25), Statistics.quantile(rounds, 0.75), Totals.of(phases, with, 0).cpuMsPerJourney()
                        - Totals.of(phases, without, 0).cpuMsPerJourney());
    }

    private static String busy(Totals uplifts) {
        long busy = uplifts.count(Ending.BUSY);
        return String.format("%d of %d (%.0f%%)", busy, uplifts.journeys(), 100.0 * busy / uplifts.journeys());
    }

    /** Phases of one journey taken together: of one round, or of all ({@code round} 0). */
    private record Totals(List<Phase> phases) {

        static Totals of(List<Phase> phases, Journey journey, int round) {
            return new Totals(phases.stream().filter(phase -> phase.journey() == journey
                    && (round == 0 || phase.round() == round)).toList());
        }

        int journeys() {
            return phases.stream().mapToInt(Phase::journeys).sum();
        }

        double wallSeconds() {
            return phases.stream().mapToLong(Phase::wallNanos).sum() / 1e9;
        }

        double cpuMsPerJourney() {
            return phases.stream().mapToLong(phase -> phase.cpuNanos() - phase.compilerNanos()).sum() / 1e6
                    / journeys();
        }

        double compilerMsPerJourney() {
            return phases.stream().mapToLong(Phase::compilerNanos).sum() / 1e6 / journeys();
        }

        double perMinute() {
            return journeys() / wallSeconds() * 60;
        }

        long count(Ending ending) {
            return phases.stream().mapToLong(phase -> phase.count(ending)).sum();
        }

        long[] latencies() {
            return phases.stream().flatMapToLong(phase -> Arrays.stream(phase.latencies())).toArray();
        }
    }
}
