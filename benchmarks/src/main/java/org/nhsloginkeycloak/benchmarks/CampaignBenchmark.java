package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nhsloginkeycloak.sandpit.Sandpit;
import org.nhsloginkeycloak.sandpit.SandpitOptions;

/**
 * The campaign engine over a million P0 citizens on PostgreSQL, with GOV.UK Notify's stand-in answering at once.
 *
 * <p>The citizens are made in bulk in Keycloak's own schema ({@code USER_ENTITY} and {@code USER_ATTRIBUTE}, one
 * {@code INSERT ... SELECT} each, ids spread like Keycloak's random UUIDs), as an operator importing an existing user
 * base would; a million through the admin API would take hours and measure Keycloak's user creation, not campaigns.
 * Phases, one sandpit:
 * <ol>
 *   <li><b>snapshot</b>: the dry run and the start (the recipients snapshot) over every citizen, timed;</li>
 *   <li><b>ceiling</b>: the rate lifted to the server's 1,000,000 a minute; emails a minute the engine reaches, with
 *       Keycloak's CPU per email, the database time per page (select, mark, settle) and the heap after GC;</li>
 *   <li><b>last pages</b>: all but the last recipients (in user id order) marked sent, as they are at the end of a
 *       run; the selection per page there against the first pages';</li>
 *   <li><b>rate</b>: a second campaign over the same citizens at a configured rate, held how closely.</li>
 * </ol>
 * Sizes: {@code benchmark.campaign.citizens}, {@code .ceiling-seconds}, {@code .tail}, {@code .rate},
 * {@code .rate-seconds}.
 */
public final class CampaignBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$");
    private static final String EN = "5a1e0c3b-8d2f-4e6a-9b7c-1d0e2f3a4b5c";
    private static final String CY = "5a1e0c3b-8d2f-4e6a-9b7c-1d0e2f3a4b5d";
    /** Notify's real limits, for what a campaign takes there: the sender's default rate and a live service's day. */
    private static final int REAL_PER_MINUTE = 1_200;
    private static final int REAL_PER_DAY = 250_000;

    record Sizes(int citizens, int ceilingSeconds, int tail, int rate, int rateSeconds) {

        static Sizes fromSystemProperties() {
            return new Sizes(Integer.getInteger("benchmark.campaign.citizens", 1_000_000),
                    Integer.getInteger("benchmark.campaign.ceiling-seconds", 180),
                    Integer.getInteger("benchmark.campaign.tail", 20_000),
                    Integer.getInteger("benchmark.campaign.rate", 30_000),
                    Integer.getInteger("benchmark.campaign.rate-seconds", 180));
        }
    }

    /** One look at Keycloak's meters and CPU. */
    /**
     * @param cpuSeconds Keycloak's CPU so far; {@code postgresSeconds} PostgreSQL's (every {@code postgres} process);
     *     {@code standInSeconds} this JVM's, which runs the Notify stand-in; {@code busySeconds} and
     *     {@code allSeconds} the whole machine's, from {@code /proc/stat}
     */
    record Sample(long nanos, double accepted, double cpuSeconds, double heapLive, Map<String, double[]> pages,
            double postgresSeconds, double standInSeconds, double busySeconds, double allSeconds) {

        /** Mean milliseconds per page of {@code step} between {@code earlier} and this, and how many pages. */
        double[] perPage(Sample earlier, String step) {
            double[] now = pages.getOrDefault(step, new double[2]);
            double[] then = earlier.pages.getOrDefault(step, new double[2]);
            double count = now[0] - then[0];
            return new double[] {count == 0 ? 0 : (now[1] - then[1]) * 1000 / count, count};
        }
    }

    private final Sandpit sandpit;
    private final SandpitOptions options;
    private final HttpClient http = HttpClient.newHttpClient();
    private final StringBuilder report = new StringBuilder();
    private final AdminToken token;

    private CampaignBenchmark(Sandpit sandpit, SandpitOptions options) {
        this.sandpit = sandpit;
        this.options = options;
        this.token = new AdminToken(http, sandpit);
    }

    public static void main(String[] args) throws Exception {
        Sizes sizes = Sizes.fromSystemProperties();
        Path layout = Load.layout();
        SandpitOptions options = SandpitOptions.forTests(layout).withWork("benchmark-campaign")
                .withDatabase(SandpitOptions.Database.POSTGRES)
                .withServerOptions(List.of("--spi-nhs-campaign-sender--govuk-notify--per-minute=1000000",
                        "--spi-nhs-campaign-sender--govuk-notify--frequency-cap-days=0",
                        "--spi-nhs-pds--pds-fhir--requests-per-second=100"));
        try (Sandpit sandpit = Sandpit.start(options)) {
            new CampaignBenchmark(sandpit, options).run(sizes);
        }
    }

    private void run(Sizes sizes) throws Exception {
        line("# Campaign engine: %,d P0 citizens on PostgreSQL%n", sizes.citizens());
        line("One Keycloak node (sandpit, PostgreSQL %s) on this machine's %d cores, which it shares with PostgreSQL,"
                + " the Notify stand-in (WireMock) and this benchmark.%n%n", psql("show server_version").trim(),
                Runtime.getRuntime().availableProcessors());
        // Statements slower than 100 ms go to PostgreSQL's log (postgres/postgres.log under the run's folder).
        psql("alter system set log_min_duration_statement = 100");
        psql("select pg_reload_conf()");
        long made = System.nanoTime();
        createCitizens(sizes.citizens());
        line("- Citizens made in bulk in Keycloak's schema: %.0f s%n", seconds(made));

        String first = create("Benchmark ceiling " + UUID.randomUUID(), null);
        long counting = System.nanoTime();
        long eligible = admin("GET", "/nhs-campaigns/" + first + "/audience", null).path("eligible").asLong();
        line("- Dry run: %,d eligible, counted in %.1f s%n", eligible, seconds(counting));
        long recipients = start(first, "- Snapshot");
        line("%n");

        line("## Ceiling (rate lifted to 1,000,000 a minute; Notify answering at once)%n%n");
        List<Sample> ceiling = watch(first, Duration.ofSeconds(sizes.ceilingSeconds()));
        Sample firstPages = ceiling.get(Math.min(3, ceiling.size() - 2));
        Sample endOfCeiling = ceiling.get(ceiling.size() - 1);
        minuteTable(ceiling);
        double[] ceilingRate = steadyRate(ceiling);
        line("%nSteady state (after the first 30 s): **%,.0f emails a minute**, %.2f ms of Keycloak CPU an email:"
                + " %,.0f a minute for each core Keycloak has to itself.%n%n", ceilingRate[0], ceilingRate[1],
                60_000 / ceilingRate[1]);

        line("## Last pages (all but the last %,d recipients marked sent, as at the end of a run)%n%n", sizes.tail());
        admin("POST", "/nhs-campaigns/" + first + "/pause", null);
        Thread.sleep(3000);
        if (Boolean.getBoolean("benchmark.campaign.explain")) {
            String c = first;
            String after = psql("select max(USER_ID) from NHS_CAMPAIGN_RECIPIENT where CAMPAIGN_ID = '" + c
                    + "' and STATUS = 'SENT'").trim();
            System.out.println(psql("explain (analyze, buffers) select r.USER_ID, r.REFERENCE, r.LOCALE, r.ATTEMPTS,"
                    + " u.ID, u.EMAIL, u.ENABLED, u.EMAIL_VERIFIED, (select max(a.VALUE) from USER_ATTRIBUTE a"
                    + " where a.USER_ID = r.USER_ID and a.NAME = 'identity_proofing_level'), k.OPTED_OUT_AT,"
                    + " k.LAST_EMAILED_AT from NHS_CAMPAIGN_RECIPIENT r left join USER_ENTITY u on u.ID = r.USER_ID"
                    + " and u.ID > '" + after + "' left join NHS_CAMPAIGN_CONTACT k on k.USER_ID = r.USER_ID"
                    + " and k.USER_ID > '" + after + "' where r.CAMPAIGN_ID = '" + c
                    + "' and r.STATUS = 'QUEUED' and r.USER_ID > '" + after + "' order by r.USER_ID limit 100"));
        }
        long jumped = System.nanoTime();
        String campaignId = first.replace("'", "");
        psql("update NHS_CAMPAIGN_RECIPIENT set STATUS = 'SENT' where CAMPAIGN_ID = '" + campaignId + "'"
                + " and STATUS = 'QUEUED' and USER_ID < (select USER_ID from NHS_CAMPAIGN_RECIPIENT where CAMPAIGN_ID = '"
                + campaignId + "' order by USER_ID desc offset " + sizes.tail() + " limit 1)");
        psql("vacuum analyze NHS_CAMPAIGN_RECIPIENT");
        line("(marked and vacuumed in %.0f s)%n%n", seconds(jumped));
        admin("POST", "/nhs-campaigns/" + first + "/resume", null);
        List<Sample> tail = watchUntilFinished(first, Duration.ofMinutes(10));
        Sample endOfTail = tail.get(tail.size() - 1);
        line("| pages | select ms a page | mark ms | settle ms |%n|---|---|---|---|%n");
        line("| the ceiling's pages, after its first 30 s (the first %,.0f%% of the snapshot) | %s |%n",
                endOfCeiling.accepted() / recipients * 100, pageCells(endOfCeiling, firstPages));
        line("| the last %,d recipients | %s |%n%n", sizes.tail(), pageCells(endOfTail, tail.get(0)));
        JsonNode finished = admin("GET", "/nhs-campaigns/" + first, null);
        line("Finished: %s%n%n", finished.path("progress"));

        line("## Rate held (a second campaign over the same citizens at %,d a minute)%n%n", sizes.rate());
        String second = create("Benchmark rate " + UUID.randomUUID(), sizes.rate());
        recipients = start(second, "Snapshot again");
        line("%n");
        List<Sample> rate = watch(second, Duration.ofSeconds(sizes.rateSeconds()));
        minuteTable(rate);
        double[] held = steadyRate(rate);
        line("%nSteady state: **%,.0f a minute against %,d asked (%+.2f%%)**, %.2f ms of Keycloak CPU an email.%n%n",
                held[0], sizes.rate(), (held[0] / sizes.rate() - 1) * 100, held[1]);
        admin("POST", "/nhs-campaigns/" + second + "/cancel", null);

        line("## At GOV.UK Notify's real limits%n%n");
        line("At the sender's default %,d a minute and a live service's %,d emails a day, a day's allowance goes in"
                + " %.1f hours and the rest waits for midnight UTC: 1M citizens take %s, 5M take %s. The engine's"
                + " ceiling above is %.0fx that rate and %.1fx Notify's own 3,000 a minute (goal: 20x).%n",
                REAL_PER_MINUTE, REAL_PER_DAY, REAL_PER_DAY / (double) REAL_PER_MINUTE / 60, days(1_000_000),
                days(5_000_000), ceilingRate[0] / REAL_PER_MINUTE, ceilingRate[0] / 3000);
        Load.publish(report.toString());
    }

    /** E.g. "4 days of sending (3 nights held for the daily limit)". */
    private static String days(long citizens) {
        long days = (citizens + REAL_PER_DAY - 1) / REAL_PER_DAY;
        return String.format("%d days of sending (%d nights held for the daily limit)", days, days - 1);
    }

    private void createCitizens(int count) {
        String realm = psql("select ID from REALM where NAME = '" + Sandpit.REALM + "'").trim();
        // Ids as Keycloak gives them (random UUIDs), so user id order has nothing to do with creation order.
        psql("insert into USER_ENTITY (ID, EMAIL, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME,"
                + " CREATED_TIMESTAMP, NOT_BEFORE, FIRST_NAME, LAST_NAME)"
                + " select md5('bench-' || i)::uuid::text, 'bench-' || i || '@bench.example',"
                + " 'bench-' || i || '@bench.example', true, true, '" + realm + "', 'bench-' || i || '@bench.example',"
                + " 1700000000000 + i, 0, 'Bench', 'Citizen' from generate_series(1, " + count + ") i");
        // One in ten has chosen Welsh; half say P0 outright, the rest have no level (both are P0).
        psql("insert into USER_ATTRIBUTE (ID, NAME, VALUE, USER_ID) select md5('locale-' || i)::uuid::text, 'locale',"
                + " 'cy', md5('bench-' || i)::uuid::text from generate_series(1, " + count + ") i where i % 10 = 0");
        psql("insert into USER_ATTRIBUTE (ID, NAME, VALUE, USER_ID) select md5('level-' || i)::uuid::text,"
                + " 'identity_proofing_level', 'P0', md5('bench-' || i)::uuid::text from generate_series(1, " + count
                + ") i where i % 2 = 0");
        psql("vacuum analyze USER_ENTITY");
        psql("vacuum analyze USER_ATTRIBUTE");
    }

    private String create(String name, Integer perMinute) throws IOException {
        String body = "{\"name\": \"" + name + "\", \"templates\": {\"en\": \"" + EN + "\", \"cy\": \"" + CY + "\"}"
                + (perMinute == null ? "" : ", \"per-minute\": " + perMinute) + "}";
        return admin("POST", "/nhs-campaigns", body).path("id").asText();
    }

    /** Samples every 10 s for {@code length}, emptying the stand-in's journal as it goes (a million requests). */
    private List<Sample> watch(String campaign, Duration length) throws Exception {
        List<Sample> samples = new ArrayList<>();
        long end = System.nanoTime() + length.toNanos();
        samples.add(sample());
        while (System.nanoTime() < end) {
            Thread.sleep(10_000);
            sandpit.govukNotify().server().resetRequests();
            if (samples.size() % 6 == 0) {
                // A full collection first, so the minute's heap figure is what is still in use, not garbage.
                collectGarbage();
            }
            samples.add(sample());
        }
        return samples;
    }

    private List<Sample> watchUntilFinished(String campaign, Duration within) throws Exception {
        List<Sample> samples = new ArrayList<>();
        long end = System.nanoTime() + within.toNanos();
        samples.add(sample());
        while (System.nanoTime() < end
                && !admin("GET", "/nhs-campaigns/" + campaign, null).path("state").asText().equals("finished")) {
            Thread.sleep(2_000);
            sandpit.govukNotify().server().resetRequests();
        }
        samples.add(sample());
        return samples;
    }

    private void minuteTable(List<Sample> samples) {
        line("| minute | emails a minute | CPU ms an email: Keycloak / PostgreSQL / stand-in | machine busy |"
                + " select ms a page | mark ms a page | settle ms a page | Keycloak heap after GC MB |%n"
                + "|---|---|---|---|---|---|---|---|%n");
        for (int i = 6, minute = 1; i < samples.size(); i += 6, minute++) {
            Sample from = samples.get(i - 6);
            Sample to = samples.get(i);
            double minutes = (to.nanos() - from.nanos()) / 60e9;
            double emails = to.accepted() - from.accepted();
            double perEmail = emails == 0 ? 0 : 1000 / emails;
            line("| %d | %,.0f | %.2f / %.2f / %.2f | %.0f%% | %s | %.0f |%n", minute, emails / minutes,
                    (to.cpuSeconds() - from.cpuSeconds()) * perEmail,
                    (to.postgresSeconds() - from.postgresSeconds()) * perEmail,
                    (to.standInSeconds() - from.standInSeconds()) * perEmail,
                    (to.busySeconds() - from.busySeconds()) / Math.max(1e-9, to.allSeconds() - from.allSeconds()) * 100,
                    pageCells(to, from), to.heapLive() / 1e6);
        }
    }

    private static String pageCells(Sample to, Sample from) {
        return String.format(Locale.ROOT, "%.1f | %.1f | %.1f", to.perPage(from, "select")[0],
                to.perPage(from, "mark")[0], to.perPage(from, "settle")[0]);
    }

    /** Emails a minute and CPU ms an email from 30 s in to the end. */
    private static double[] steadyRate(List<Sample> samples) {
        Sample from = samples.get(Math.min(3, samples.size() - 2));
        Sample to = samples.get(samples.size() - 1);
        double emails = to.accepted() - from.accepted();
        return new double[] {emails / ((to.nanos() - from.nanos()) / 60e9),
                emails == 0 ? 0 : (to.cpuSeconds() - from.cpuSeconds()) * 1000 / emails};
    }

    private Sample sample() throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(sandpit.managementUrl().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double accepted = 0;
        double heapLive = 0;
        Map<String, double[]> pages = new HashMap<>();
        for (String row : metrics.split("\n")) {
            Matcher m = SAMPLE.matcher(row.trim());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            String labels = m.group(2) == null ? "" : m.group(2);
            double value = Double.parseDouble(m.group(3));
            if (name.equals("nhs_campaign_emails_total") && labels.contains("outcome=\"accepted\"")) {
                accepted += value;
            } else if (name.equals("jvm_memory_used_bytes") && labels.contains("area=\"heap\"")) {
                heapLive += value;
            } else if (name.startsWith("nhs_campaign_page_seconds_")) {
                Matcher step = Pattern.compile("step=\"([a-z]+)\"").matcher(labels);
                if (step.find()) {
                    double[] page = pages.computeIfAbsent(step.group(1), key -> new double[2]);
                    if (name.endsWith("_count")) {
                        page[0] = value;
                    } else if (name.endsWith("_sum")) {
                        page[1] = value;
                    }
                }
            }
        }
        double[] machine = machineSeconds();
        return new Sample(System.nanoTime(), accepted, sandpit.keycloakCpuTime().toNanos() / 1e9, heapLive, pages,
                postgresSeconds(), ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9, machine[0], machine[1]);
    }

    /** Busy and total CPU seconds of the machine so far (all cores), from the first line of {@code /proc/stat}. */
    private static double[] machineSeconds() {
        try {
            String[] cpu = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            double total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Double.parseDouble(cpu[i]);
            }
            double idle = Double.parseDouble(cpu[4]) + Double.parseDouble(cpu[5]);
            return new double[] {(total - idle) / 100, total / 100};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0};
        }
    }

    /** CPU seconds of every running {@code postgres} process (user and system, at 100 ticks a second). */
    private static double postgresSeconds() {
        double ticks = 0;
        java.io.File[] processes = new java.io.File("/proc").listFiles((dir, name) -> name.chars()
                .allMatch(Character::isDigit));
        for (java.io.File process : processes == null ? new java.io.File[0] : processes) {
            try {
                String stat = java.nio.file.Files.readString(process.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                ticks += Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
            } catch (IOException | RuntimeException gone) {
                // A process that ended between the listing and the read.
            }
        }
        return ticks / 100;
    }

    private void collectGarbage() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(sandpit.nodes().get(0).pid()), "GC.run")
                .redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        jcmd.waitFor(60, TimeUnit.SECONDS);
    }

    /**
     * Starts the campaign and waits for the runner's snapshot: the start request's own time, then the snapshot's as
     * the server measured it (start to its last chunk's commit). Returns how many recipients it holds.
     */
    private long start(String id, String label) throws IOException, InterruptedException {
        long starting = System.nanoTime();
        admin("POST", "/nhs-campaigns/" + id + "/start", null);
        double request = (System.nanoTime() - starting) / 1e6;
        JsonNode campaign = admin("GET", "/nhs-campaigns/" + id, null);
        while (!campaign.path("snapshot").path("complete").asBoolean()) {
            // Not faster: each read counts the recipients by status, a query over what the snapshot has written.
            Thread.sleep(2_000);
            campaign = admin("GET", "/nhs-campaigns/" + id, null);
        }
        long recipients = campaign.path("recipients").asLong();
        line("%s: the start request answered in %.0f ms; the runner took %,d recipients in %.1f s%n", label, request,
                recipients, campaign.path("snapshot").path("seconds").asDouble());
        return recipients;
    }

    private JsonNode admin(String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sandpit.keycloakUrl().resolve("/admin/realms/"
                + Sandpit.REALM + path)).header("Authorization", "Bearer " + token.get())
                .timeout(Duration.ofMinutes(10));
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = AdminToken.send(http, request.build());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** One statement through {@code psql} as PostgreSQL's superuser (trusted on loopback in the sandpit). */
    private String psql(String statement) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h",
                "127.0.0.1", "-p", Integer.toString(options.postgresPort()), "-U", "postgres", "-d", "keycloak", "-c",
                statement));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("psql failed on " + statement + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("psql could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.append(text);
        System.out.print(text);
    }
}
