package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.nhsloginkeycloak.sandpit.Sandpit;
import org.nhsloginkeycloak.sandpit.SandpitOptions;

/**
 * What the service-status check costs on a login page: the sign-in page of the {@code nhs} realm (a partner's
 * authorization request, a new authentication session each, the page rendered by the {@code nhs} theme) with the banner
 * feature on (the realm's status assessed and handed to the page on every render, nothing to show) and off (realm
 * setting {@code banner-enabled=false}, switched through the admin API between phases), on one server in one run.
 *
 * <p>After a warm-up of both, phases run in the order on, off, off, on, repeated; each measures Keycloak's CPU time (as
 * the operating system counts it), wall time and every request's latency. Sizes: {@code benchmark.warmup},
 * {@code benchmark.requests} (per phase), {@code benchmark.repeats}, {@code benchmark.threads}.
 */
public final class BannerRenderBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Sandpit sandpit;

    private record Phase(boolean banner, int requests, long cpuNanos, long wallNanos, long[] latencies) {

        double cpuMsPerPage() {
            return cpuNanos / 1e6 / requests;
        }

        double pagesPerSecond() {
            return requests / (wallNanos / 1e9);
        }
    }

    private BannerRenderBenchmark(Sandpit sandpit) {
        this.sandpit = sandpit;
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("benchmark.warmup", 3000);
        int requests = Integer.getInteger("benchmark.requests", 3000);
        int repeats = Integer.getInteger("benchmark.repeats", 3);
        int threads = Integer.getInteger("benchmark.threads", 4);
        Path layout = Load.layout();
        try (Sandpit sandpit = Sandpit.start(SandpitOptions.forTests(layout).withWork("benchmark-run"))) {
            BannerRenderBenchmark benchmark = new BannerRenderBenchmark(sandpit);
            benchmark.banner(true);
            benchmark.checkThePageIsTheSignInPage();
            benchmark.run(true, warmup, threads);
            benchmark.banner(false);
            benchmark.run(false, warmup, threads);
            List<Phase> phases = new ArrayList<>();
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (boolean banner : List.of(true, false, false, true)) {
                    benchmark.banner(banner);
                    phases.add(benchmark.run(banner, requests, threads));
                }
            }
            benchmark.banner(true);
            String report = report(phases, warmup, requests, repeats, threads);
            Load.publish(report);
        }
    }

    /** A partner's first request: a new authentication session and the sign-in page, as a citizen's browser gets it. */
    private URI authorize() {
        Map<String, String> query = Map.of("client_id", "example-health-information", "response_type", "code",
                "scope", "openid", "redirect_uri", "http://localhost/sandpit/callback",
                "state", UUID.randomUUID().toString(), "nonce", UUID.randomUUID().toString());
        return sandpit.realmUrl().resolve(Sandpit.REALM + "/protocol/openid-connect/auth?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private void checkThePageIsTheSignInPage() throws IOException {
        HttpResponse<String> page = send(HttpRequest.newBuilder(authorize()).GET().build());
        if (page.statusCode() != 200 || !page.body().contains("kc-form-login")) {
            throw new IllegalStateException("Expected the sign-in page, got " + page.statusCode());
        }
    }

    private Phase run(boolean banner, int requests, int threads) throws Exception {
        Load.Measured measured = Load.run(sandpit, requests, threads, i -> {
            HttpResponse<String> page = send(HttpRequest.newBuilder(authorize()).GET().build());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("The sign-in page answered " + page.statusCode());
            }
        });
        return new Phase(banner, requests, measured.cpuNanos(), measured.wallNanos(), measured.latencies());
    }

    /** The realm's banner setting, through the admin API as an operator would; a fresh admin token each time. */
    private void banner(boolean on) throws IOException {
        HttpResponse<String> token = send(HttpRequest.newBuilder(
                        sandpit.keycloakUrl().resolve("/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + sandpit.adminUsername() + "&password=" + sandpit.adminPassword())).build());
        String admin = JSON.readTree(token.body()).path("access_token").asText();
        HttpResponse<String> set = send(HttpRequest.newBuilder(sandpit.keycloakUrl()
                        .resolve("/admin/realms/" + Sandpit.REALM + "/nhs-service-status/settings"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"banner-enabled\": " + on + "}")).build());
        if (set.statusCode() != 200) {
            throw new IllegalStateException("Setting banner-enabled answered " + set.statusCode() + ": " + set.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    static String report(List<Phase> phases, int warmup, int requests, int repeats, int threads) {
        StringBuilder out = new StringBuilder();
        out.append("# Login page render: service-status banner on vs off\n\n");
        out.append(String.format("The nhs realm's sign-in page (a new authorization request each), %d threads, warm-up"
                + " %d each way, then %d x (on off off on) phases of %d pages.%n%n", threads, warmup, repeats, requests));
        out.append("| phase | banner | Keycloak CPU ms/page | pages/s | p50 ms | p99 ms |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            out.append(String.format("| %d | %s | %.3f | %.0f | %.2f | %.2f |%n", i + 1, phase.banner() ? "on" : "off",
                    phase.cpuMsPerPage(), phase.pagesPerSecond(), Statistics.percentile(phase.latencies(), 50),
                    Statistics.percentile(phase.latencies(), 99)));
        }
        double onCpu = median(phases, true, Phase::cpuMsPerPage);
        double offCpu = median(phases, false, Phase::cpuMsPerPage);
        double onRate = median(phases, true, Phase::pagesPerSecond);
        double offRate = median(phases, false, Phase::pagesPerSecond);
        long[] on = latencies(phases, true);
        long[] off = latencies(phases, false);
        out.append(String.format("%n| banner | median CPU ms/page | median pages/s | p50 ms | p99 ms |%n|---|---|---|---|---|%n"
                        + "| on | %.3f | %.0f | %.2f | %.2f |%n| off | %.3f | %.0f | %.2f | %.2f |%n",
                onCpu, onRate, Statistics.percentile(on, 50), Statistics.percentile(on, 99),
                offCpu, offRate, Statistics.percentile(off, 50), Statistics.percentile(off, 99)));
        out.append(String.format("%nCost of the status check (goal under 1%%), over all rounds:%n"
                        + "- by Keycloak CPU per page (on / off - 1): %+.2f%%%n"
                        + "- by throughput (off / on - 1): %+.2f%%%n",
                (onCpu / offCpu - 1) * 100, (offRate / onRate - 1) * 100));
        // Keycloak keeps compiling through the first rounds, so each round (on off off on) is compared with itself,
        // and the later half, once it is warm, is what to read.
        List<Double> rounds = new ArrayList<>();
        for (int first = 0; first + 3 < phases.size(); first += 4) {
            List<Phase> round = phases.subList(first, first + 4);
            double roundOn = round.get(0).cpuMsPerPage() + round.get(3).cpuMsPerPage();
            double roundOff = round.get(1).cpuMsPerPage() + round.get(2).cpuMsPerPage();
            rounds.add((roundOn / roundOff - 1) * 100);
        }
        List<Double> warm = rounds.subList(rounds.size() / 2, rounds.size());
        out.append(String.format("- by Keycloak CPU per page, round by round: %s; median of the later half: %+.2f%%%n",
                rounds.stream().map(ratio -> String.format("%+.1f%%", ratio)).toList(),
                Statistics.median(warm.stream().mapToDouble(Double::doubleValue).toArray())));
        return out.toString();
    }

    private static double median(List<Phase> phases, boolean banner, java.util.function.ToDoubleFunction<Phase> what) {
        return Statistics.median(phases.stream().filter(phase -> phase.banner() == banner)
                .mapToDouble(what).toArray());
    }

    private static long[] latencies(List<Phase> phases, boolean banner) {
        return phases.stream().filter(phase -> phase.banner() == banner)
                .flatMapToLong(phase -> Arrays.stream(phase.latencies())).toArray();
    }
}
