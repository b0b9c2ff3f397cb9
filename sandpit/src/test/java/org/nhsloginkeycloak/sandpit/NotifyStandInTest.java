package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Notify stand-in's email calls, as a campaign makes them: send, then ask by reference what went out. */
class NotifyStandInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "0b4f5a8e-1111-4222-8333-444455556666";

    private final HttpClient http = HttpClient.newHttpClient();
    private ThirdPartyStub notify;

    @BeforeEach
    void start() {
        notify = ThirdPartyStub.start("notify", Ports.free());
    }

    @AfterEach
    void stop() {
        notify.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(notify.baseUrl() + path))
                .header("Authorization", "Bearer aaa.bbb.ccc").header("Content-Type", "application/json");
        return http.send(body == null ? request.GET().build()
                : request.method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode email(String address, String reference) throws IOException, InterruptedException {
        HttpResponse<String> sent = send("POST", "/v2/notifications/email", JSON.createObjectNode()
                .put("email_address", address).put("template_id", TEMPLATE).put("reference", reference)
                .put("one_click_unsubscribe_url", "https://login.example/unsubscribe/" + reference)
                .set("personalisation", JSON.createObjectNode().put("services", "* Vaccination record")).toString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        return JSON.readTree(sent.body());
    }

    @Test
    void anEmailIsAcceptedAsNotifyAcceptsIt() throws Exception {
        JsonNode sent = email("ffion@example.test", "ref-1");
        assertThat(sent.path("id").asText()).hasSize(36);
        assertThat(sent.path("reference").asText()).isEqualTo("ref-1");
        assertThat(sent.path("template").path("id").asText()).isEqualTo(TEMPLATE);
        assertThat(sent.path("content").path("one_click_unsubscribe_url").asText())
                .isEqualTo("https://login.example/unsubscribe/ref-1");
    }

    @Test
    void getNotificationsByReferenceSaysWhichEmailWentOutAndOnlyThatOne() throws Exception {
        JsonNode first = email("ffion@example.test", "ref-a");
        email("mary@example.test", "ref-b");

        JsonNode found = JSON.readTree(send("GET", "/v2/notifications?template_type=email&reference=ref-a", null).body());
        assertThat(found.path("notifications")).hasSize(1);
        JsonNode notification = found.path("notifications").get(0);
        assertThat(notification.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(notification.path("reference").asText()).isEqualTo("ref-a");
        assertThat(notification.path("email_address").asText()).isEqualTo("ffion@example.test");
        assertThat(notification.path("type").asText()).isEqualTo("email");

        assertThat(JSON.readTree(send("GET", "/v2/notifications?reference=never-sent", null).body())
                .path("notifications")).isEmpty();
        assertThat(JSON.readTree(send("GET", "/v2/notifications?template_type=sms&reference=ref-a", null).body())
                .path("notifications")).as("an email is not a text").isEmpty();
        assertThat(JSON.readTree(send("GET", "/v2/notifications", null).body()).path("notifications")).hasSize(2);
    }

    @Test
    void aRefusedEmailIsNotOneThatWentOut() throws Exception {
        HttpResponse<String> refused = send("POST", "/v2/notifications/email", JSON.createObjectNode()
                .put("email_address", "ffion@example.test").put("reference", "ref-x").toString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(send("GET", "/v2/notifications?reference=ref-x", null).body()).path("notifications"))
                .isEmpty();
    }
}

