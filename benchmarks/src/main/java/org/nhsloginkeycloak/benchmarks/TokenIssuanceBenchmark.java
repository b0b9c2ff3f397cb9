package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.nhsloginkeycloak.sandpit.Sandpit;
import org.nhsloginkeycloak.sandpit.SandpitOptions;

/**
 * Token issuance with this bundle's proofed-claims mapper against the same claims from stock Keycloak mappers, on one
 * server in one run. Two clients of one realm, identical but for the scope that releases the six profile claims:
 * {@code nhs} (one {@code nhs-proofed-claims-mapper}) and {@code stock} (four user-attribute and two user-property
 * mappers). Each request is a refresh-token grant, which runs every mapper for a new ID and access token and hashes no
 * password, so the mappers are not hidden behind argon2.
 *
 * <p>After a warm-up of both, phases run in the order A B B A, repeated; each phase measures Keycloak's CPU time (as
 * the operating system counts it), wall time and every request's latency. Sizes come from system properties
 * {@code benchmark.warmup}, {@code benchmark.requests} (per phase), {@code benchmark.repeats} and
 * {@code benchmark.threads}.
 */
public final class TokenIssuanceBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "bench";
    private static final String PASSWORD = "bench-password-1";
    private static final List<String> CLAIMS =
            List.of("nhs_number", "family_name", "given_name", "middle_name", "birthdate", "identity_proofing_level");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Sandpit sandpit;
    private final URI tokenEndpoint;

    private TokenIssuanceBenchmark(Sandpit sandpit) {
        this.sandpit = sandpit;
        this.tokenEndpoint = sandpit.keycloakUrl().resolve("/realms/" + REALM + "/protocol/openid-connect/token");
    }

    /** One side of the comparison: a client, its secret, and a refresh token per user. */
    private record Variant(String name, String clientId, String secret, List<String> refreshTokens) {
    }

    /** What one phase measured. */
    private record Phase(String variant, int requests, long cpuNanos, long wallNanos, long[] latencies) {

        double cpuMsPerToken() {
            return cpuNanos / 1e6 / requests;
        }

        double tokensPerSecond() {
            return requests / (wallNanos / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("benchmark.warmup", 3000);
        int requests = Integer.getInteger("benchmark.requests", 3000);
        int repeats = Integer.getInteger("benchmark.repeats", 3);
        int threads = Integer.getInteger("benchmark.threads", 4);
        Path layout = Load.layout();
        try (Sandpit sandpit = Sandpit.start(SandpitOptions.forTests(layout).withWork("benchmark-run"))) {
            TokenIssuanceBenchmark benchmark = new TokenIssuanceBenchmark(sandpit);
            String admin = benchmark.adminToken();
            benchmark.createRealm(admin, threads * 2);
            Variant nhs = benchmark.variant(admin, "nhs", threads * 2);
            Variant stock = benchmark.variant(admin, "stock", threads * 2);
            benchmark.checkBothReleaseTheSameClaims(nhs, stock);

            benchmark.run(nhs, warmup, threads);
            benchmark.run(stock, warmup, threads);
            List<Phase> phases = new ArrayList<>();
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (Variant variant : List.of(nhs, stock, stock, nhs)) {
                    phases.add(benchmark.run(variant, requests, threads));
                }
            }
            String report = report(phases, warmup, requests, repeats, threads);
            Load.publish(report);
        }
    }

    private Phase run(Variant variant, int requests, int threads) throws Exception {
        Load.Measured measured = Load.run(sandpit, requests, threads, i -> {
            String refreshToken = variant.refreshTokens().get(i % variant.refreshTokens().size());
            HttpResponse<String> response = post(tokenEndpoint, Map.of("grant_type", "refresh_token",
                    "refresh_token", refreshToken, "client_id", variant.clientId(), "client_secret", variant.secret()));
            if (response.statusCode() != 200) {
                throw new IllegalStateException(variant.name() + " refresh answered " + response.statusCode() + ": "
                        + response.body());
            }
        });
        return new Phase(variant.name(), requests, measured.cpuNanos(), measured.wallNanos(), measured.latencies());
    }

    private void checkBothReleaseTheSameClaims(Variant nhs, Variant stock) throws IOException {
        Map<String, JsonNode> nhsClaims = releasedClaims(nhs);
        Map<String, JsonNode> stockClaims = releasedClaims(stock);
        if (!nhsClaims.equals(stockClaims) || nhsClaims.size() != CLAIMS.size() * 2) {
            throw new IllegalStateException("The two clients must release the same claims to be compared; nhs: "
                    + nhsClaims + ", stock: " + stockClaims);
        }
    }

    /** The profile claims of the ID and access tokens a refresh gives this variant. */
    private Map<String, JsonNode> releasedClaims(Variant variant) throws IOException {
        HttpResponse<String> response = post(tokenEndpoint, Map.of("grant_type", "refresh_token",
                "refresh_token", variant.refreshTokens().get(0), "client_id", variant.clientId(),
                "client_secret", variant.secret()));
        JsonNode tokens = JSON.readTree(response.body());
        Map<String, JsonNode> claims = new LinkedHashMap<>();
        for (String token : List.of("id_token", "access_token")) {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(tokens.path(token).asText().split("\\.")[1]));
            CLAIMS.forEach(claim -> {
                if (payload.has(claim)) {
                    claims.put(token + "." + claim, payload.get(claim));
                }
            });
        }
        return claims;
    }

    private String adminToken() throws IOException {
        HttpResponse<String> response = post(sandpit.keycloakUrl().resolve("/realms/master/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", sandpit.adminUsername(),
                        "password", sandpit.adminPassword()));
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private void createRealm(String admin, int users) throws IOException {
        ObjectNode realm = JSON.createObjectNode().put("realm", REALM).put("enabled", true)
                .put("revokeRefreshToken", false).put("ssoSessionIdleTimeout", 36000)
                .put("ssoSessionMaxLifespan", 36000).put("defaultSignatureAlgorithm", "RS512");
        expect(201, admin("POST", admin, "", realm));
        // The attributes are the NHS realm's; here Keycloak keeps them without a declared user profile.
        JsonNode profile = JSON.readTree(admin("GET", admin, "/users/profile", null).body());
        ((ObjectNode) profile).put("unmanagedAttributePolicy", "ENABLED");
        expect(200, admin("PUT", admin, "/users/profile", profile));
        for (int i = 0; i < users; i++) {
            ObjectNode user = JSON.createObjectNode().put("username", "citizen" + i + "@bench.example")
                    .put("email", "citizen" + i + "@bench.example").put("emailVerified", true).put("enabled", true)
                    .put("firstName", "Siân").put("lastName", "AP DAFYDD-O'BRIEN");
            ObjectNode attributes = user.putObject("attributes");
            Map.of("nhs_number", "9990000034", "middle_names", "Angharad Mererid", "birthdate", "1975-02-28",
                    "identity_proofing_level", "P9").forEach((name, value) -> attributes.putArray(name).add(value));
            user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD)
                    .put("temporary", false);
            expect(201, admin("POST", admin, "/users", user));
        }
        expect(201, admin("POST", admin, "/client-scopes", scope("nhs-profile", List.of(mapper("profile claims",
                "nhs-proofed-claims-mapper", Map.of("claims", String.join("##", CLAIMS), "minimum.level", "P5"))))));
        expect(201, admin("POST", admin, "/client-scopes", scope("stock-profile", List.of(
                mapper("nhs_number", "oidc-usermodel-attribute-mapper", Map.of("user.attribute", "nhs_number", "claim.name", "nhs_number")),
                mapper("family_name", "oidc-usermodel-property-mapper", Map.of("user.attribute", "lastName", "claim.name", "family_name")),
                mapper("given_name", "oidc-usermodel-property-mapper", Map.of("user.attribute", "firstName", "claim.name", "given_name")),
                mapper("middle_name", "oidc-usermodel-attribute-mapper", Map.of("user.attribute", "middle_names", "claim.name", "middle_name")),
                mapper("birthdate", "oidc-usermodel-attribute-mapper", Map.of("user.attribute", "birthdate", "claim.name", "birthdate")),
                mapper("identity_proofing_level", "oidc-usermodel-attribute-mapper",
                        Map.of("user.attribute", "identity_proofing_level", "claim.name", "identity_proofing_level"))))));
    }

    private static ObjectNode scope(String name, List<ObjectNode> mappers) {
        ObjectNode scope = JSON.createObjectNode().put("name", name).put("protocol", "openid-connect");
        scope.putObject("attributes").put("include.in.token.scope", "true");
        ArrayNode list = scope.putArray("protocolMappers");
        mappers.forEach(list::add);
        return scope;
    }

    private static ObjectNode mapper(String name, String type, Map<String, String> config) {
        ObjectNode mapper = JSON.createObjectNode().put("name", name).put("protocol", "openid-connect")
                .put("protocolMapper", type);
        ObjectNode values = mapper.putObject("config");
        config.forEach(values::put);
        values.put("jsonType.label", "String").put("id.token.claim", "true").put("access.token.claim", "true")
                .put("userinfo.token.claim", "false").put("introspection.token.claim", "false");
        return mapper;
    }

    /** A confidential client with only {@code basic} and this variant's scope, and a refresh token per user. */
    private Variant variant(String admin, String name, int users) throws IOException {
        String clientId = "bench-" + name;
        String secret = "bench-secret-" + name;
        ObjectNode client = JSON.createObjectNode().put("clientId", clientId).put("protocol", "openid-connect")
                .put("publicClient", false).put("secret", secret).put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true).put("fullScopeAllowed", false);
        client.putArray("defaultClientScopes").add("basic").add(name + "-profile");
        client.putArray("optionalClientScopes");
        expect(201, admin("POST", admin, "/clients", client));
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            HttpResponse<String> tokens = post(tokenEndpoint, Map.of("grant_type", "password", "client_id", clientId,
                    "client_secret", secret, "username", "citizen" + i + "@bench.example", "password", PASSWORD,
                    "scope", "openid"));
            expect(200, tokens);
            refreshTokens.add(JSON.readTree(tokens.body()).path("refresh_token").asText());
        }
        return new Variant(name, clientId, secret, refreshTokens);
    }

    private HttpResponse<String> admin(String method, String token, String path, JsonNode body) throws IOException {
        URI uri = sandpit.keycloakUrl().resolve("/admin/realms" + (path.isEmpty() && "POST".equals(method)
                ? "" : "/" + REALM + path));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        return send(request.build());
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " (expected " + status + "): " + response.body());
        }
    }

    static String report(List<Phase> phases, int warmup, int requests, int repeats, int threads) {
        StringBuilder out = new StringBuilder();
        out.append("# Token issuance: nhs-proofed-claims-mapper vs stock Keycloak mappers\n\n");
        out.append(String.format("Refresh-token grants (a new ID and access token each, six profile claims in both),"
                + " %d threads, warm-up %d per client, then %d x (A B B A) phases of %d requests.%n%n",
                threads, warmup, repeats, requests));
        out.append("| phase | client | Keycloak CPU ms/token | tokens/s | p50 ms | p99 ms |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            out.append(String.format("| %d | %s | %.3f | %.0f | %.2f | %.2f |%n", i + 1, phase.variant(),
                    phase.cpuMsPerToken(), phase.tokensPerSecond(), Statistics.percentile(phase.latencies(), 50),
                    Statistics.percentile(phase.latencies(), 99)));
        }
        Summary nhs = Summary.of(phases, "nhs");
        Summary stock = Summary.of(phases, "stock");
        out.append("\n| client | median CPU ms/token | median tokens/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
        for (Summary summary : List.of(nhs, stock)) {
            out.append(String.format("| %s | %.3f | %.0f | %.2f | %.2f |%n", summary.variant(), summary.cpuMsPerToken(),
                    summary.tokensPerSecond(), summary.p50(), summary.p99()));
        }
        out.append(String.format("%nRatio, ours vs stock (1.00 = the same; goal at least 0.95):%n"
                        + "- by Keycloak CPU per token (stock / ours): %.3f%n"
                        + "- by throughput (ours / stock): %.3f%n",
                stock.cpuMsPerToken() / nhs.cpuMsPerToken(), nhs.tokensPerSecond() / stock.tokensPerSecond()));
        return out.toString();
    }

    private record Summary(String variant, double cpuMsPerToken, double tokensPerSecond, double p50, double p99) {

        static Summary of(List<Phase> phases, String variant) {
            List<Phase> mine = phases.stream().filter(phase -> phase.variant().equals(variant)).toList();
            long[] all = mine.stream().flatMapToLong(phase -> Arrays.stream(phase.latencies())).toArray();
            return new Summary(variant, Statistics.median(mine.stream().mapToDouble(Phase::cpuMsPerToken).toArray()),
                    Statistics.median(mine.stream().mapToDouble(Phase::tokensPerSecond).toArray()),
                    Statistics.percentile(all, 50), Statistics.percentile(all, 99));
        }
    }
}
