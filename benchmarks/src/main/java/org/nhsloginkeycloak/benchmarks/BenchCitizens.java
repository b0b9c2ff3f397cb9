package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * P0 citizens with a verified mobile and a password, created through a sandpit's admin API before anything is
 * measured. Mobiles go round the drama range in order, so citizens signing in at once never share one (their codes
 * would be confused). Keycloak gets the password already hashed, in its own parameters ({@link StoredPassword}): the
 * hash at sign-in is the same, and creating thousands of citizens does not cost a sign-in's CPU each.
 */
final class BenchCitizens {

    static final String PASSWORD = "bench-password-1";
    /** Ofcom's drama range for mobiles: 07700 900000 to 900999, never anyone's phone. */
    static final int MOBILES = 1000;

    record Citizen(int index, String username, String mobile) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Sandpit sandpit;
    private final AdminToken admin;

    BenchCitizens(HttpClient http, Sandpit sandpit) {
        this.http = http;
        this.sandpit = sandpit;
        this.admin = new AdminToken(http, sandpit);
    }

    /** Citizens {@code first} to {@code first + count - 1}, named {@code <prefix>-<index>@bench.example}. */
    List<Citizen> create(String prefix, int first, int count, ExecutorService pool, int threads) throws Exception {
        long start = System.nanoTime();
        long cpuBefore = sandpit.keycloakCpuTime().toNanos();
        ObjectNode password = passwordCredential(prefix);
        List<Citizen> citizens = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            citizens.add(new Citizen(i, String.format("%s-%06d@bench.example", prefix, i),
                    String.format("+447700900%03d", i % MOBILES)));
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    create(citizens.get(i), password);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        System.out.printf("Created %d citizens through the admin API in %.0f s (%.1f ms of Keycloak CPU each)%n", count,
                (System.nanoTime() - start) / 1e9, (sandpit.keycloakCpuTime().toNanos() - cpuBefore) / 1e6 / count);
        return citizens;
    }

    /** The password as Keycloak stores it ({@link StoredPassword}), learned from one citizen given it in plain text. */
    private ObjectNode passwordCredential(String prefix) throws IOException {
        ObjectNode plain = JSON.createObjectNode().put("type", "password").put("value", PASSWORD).put("temporary", false);
        Citizen reference = new Citizen(-1, prefix + "-reference@bench.example", "+447700900000");
        create(reference, plain);
        JsonNode users = JSON.readTree(adminGet("/users?exact=true&username="
                + URLEncoder.encode(reference.username(), StandardCharsets.UTF_8)).body());
        for (JsonNode credential : JSON.readTree(adminGet("/users/" + users.path(0).path("id").asText()
                + "/credentials").body())) {
            if ("password".equals(credential.path("type").asText())) {
                return StoredPassword.like(credential.path("credentialData").asText(), PASSWORD).orElse(plain);
            }
        }
        throw new IllegalStateException("Keycloak stored no password for " + reference.username());
    }

    private HttpResponse<String> adminGet(String path) throws IOException {
        HttpResponse<String> response = AdminToken.send(http, HttpRequest.newBuilder(
                        sandpit.keycloakUrl().resolve("/admin/realms/" + Sandpit.REALM + path))
                .header("Authorization", "Bearer " + admin.get()).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private void create(Citizen citizen, ObjectNode password) throws IOException {
        ObjectNode user = JSON.createObjectNode().put("username", citizen.username()).put("email", citizen.username())
                .put("emailVerified", true).put("enabled", true);
        ObjectNode attributes = user.putObject("attributes");
        attributes.putArray("identity_proofing_level").add("P0");
        attributes.putArray("phone_number").add(citizen.mobile());
        attributes.putArray("phone_number_verified").add("true");
        user.putArray("credentials").add(password);
        HttpResponse<String> response = AdminToken.send(http, HttpRequest.newBuilder(
                        sandpit.keycloakUrl().resolve("/admin/realms/" + Sandpit.REALM + "/users"))
                .header("Authorization", "Bearer " + admin.get()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(user.toString())).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Creating " + citizen.username() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
    }
}
