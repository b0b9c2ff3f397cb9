package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PDS stand-in's faults, switched on and off as a test would, seen over HTTP. */
class PdsFaultsTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ThirdPartyStub pds;
    private PdsFaults faults;

    @BeforeEach
    void startTheStandIn() {
        pds = ThirdPartyStub.start("pds", Ports.free());
        faults = new PdsFaults(pds);
    }

    @AfterEach
    void stop() {
        pds.close();
    }

    private HttpResponse<String> read(String nhsNumber) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(pds.baseUrl() + Sandpit.PDS_FHIR_PATH + "/Patient/" + nhsNumber))
                .header("X-Request-ID", UUID.randomUUID().toString()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachFaultAnswersEveryCallUntilCleared() throws Exception {
        assertThat(read("9990001006").statusCode()).isEqualTo(200);

        faults.serverError();
        assertThat(read("9990001006").statusCode()).isEqualTo(500);

        faults.unavailable(Duration.ofSeconds(90));
        HttpResponse<String> busy = read("9990001006");
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).contains("90");

        faults.rateLimited();
        assertThat(read("9990001006").body()).contains("TOO_MANY_REQUESTS");

        faults.badRequest();
        HttpResponse<String> refused = read("9990001006");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("INVALID_SEARCH_DATA");

        faults.malformedJson();
        assertThat(read("9990001006").body()).doesNotEndWith("}");

        faults.connectionReset();
        assertThatThrownBy(() -> read("9990001006")).isInstanceOf(IOException.class);

        faults.slow(Duration.ofMillis(700));
        long started = System.nanoTime();
        assertThat(read("9990001006").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));

        faults.clear();
        assertThat(read("9990001006").body()).contains("\"id\": \"9990001006\"");
    }
}
