package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** The sandpit's master-realm admin token, fetched again a little before its 60 seconds are up. */
final class AdminToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Sandpit sandpit;
    private String token;
    private Instant fetched = Instant.EPOCH;

    AdminToken(HttpClient http, Sandpit sandpit) {
        this.http = http;
        this.sandpit = sandpit;
    }

    synchronized String get() throws IOException {
        if (Instant.now().isAfter(fetched.plusSeconds(45))) {
            HttpResponse<String> response = send(http, HttpRequest.newBuilder(
                            sandpit.keycloakUrl().resolve("/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(PartnerClient.form(Map.of("grant_type", "password",
                            "client_id", "admin-cli", "username", sandpit.adminUsername(),
                            "password", sandpit.adminPassword())))).build());
            token = JSON.readTree(response.body()).path("access_token").asText();
            fetched = Instant.now();
        }
        return token;
    }

    /** {@code http.send} with the body as UTF-8 text, and an interruption kept and turned into an IOException. */
    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }
}
