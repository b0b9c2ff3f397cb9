package org.nhsloginkeycloak.campaigns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The campaign's Notify calls over real HTTP, WireMock answering with Notify's documented bodies. */
class NotifyEmailClientTest {

    private static final String SERVICE_ID = UUID.randomUUID().toString();
    private static final String API_KEY = "campaigns-" + SERVICE_ID + "-" + UUID.randomUUID();
    private static final String TEMPLATE = UUID.randomUUID().toString();

    private WireMockServer notify;
    private NotifyEmailClient client;

    @BeforeEach
    void start() {
        notify = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        notify.start();
        client = new NotifyEmailClient(URI.create(notify.baseUrl() + "/"), API_KEY, Duration.ofMillis(800),
                HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build());
    }

    @AfterEach
    void stop() {
        notify.stop();
    }

    private static String error(int status, String type, String message) {
        return "{\"errors\": [{\"error\": \"" + type + "\", \"message\": \"" + message + "\"}], \"status_code\": " + status
                + "}";
    }

    @Test
    void anAcceptedEmailCarriesTheTemplateReferenceUnsubscribeAndPersonalisationAndNothingElse() {
        notify.stubFor(post(urlPathEqualTo("/v2/notifications/email")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": \"n-1\", \"reference\": \"r-1\"}")));

        CampaignSender.Outcome outcome = client.send(TEMPLATE, "ffion@example.test", Map.of("services", "* A"), "r-1",
                URI.create("https://login.example/unsubscribe/r-1"));

        assertThat(outcome.kind()).isEqualTo(CampaignSender.Kind.ACCEPTED);
        assertThat(outcome.notificationId()).isEqualTo("n-1");
        notify.verify(postRequestedFor(urlPathEqualTo("/v2/notifications/email"))
                .withHeader("Authorization", matching("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+"))
                .withRequestBody(equalToJson("{\"email_address\": \"ffion@example.test\", \"template_id\": \"" + TEMPLATE
                        + "\", \"reference\": \"r-1\", \"one_click_unsubscribe_url\":"
                        + " \"https://login.example/unsubscribe/r-1\", \"personalisation\": {\"services\": \"* A\"}}")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "429, RateLimitError, Exceeded rate limit for key type live of 3000 requests per 60 seconds, RATE_LIMITED",
            "429, TooManyRequestsError, Exceeded send limits (email: 250000) for today, DAILY_LIMIT",
            "400, ValidationError, email_address Not a valid email address, REFUSED",
            "400, ValidationError, template_id is not a valid UUID, MISCONFIGURED",
            "400, BadRequestError, Cannot send to this recipient using a team-only API key, MISCONFIGURED",
            "403, AuthError, Invalid token: API key not found, MISCONFIGURED",
            "500, Exception, Internal server error, NOT_SENT"})
    void eachAnswerIsDecidedByStatusAndErrorType(int status, String type, String message, CampaignSender.Kind kind) {
        notify.stubFor(post(urlPathEqualTo("/v2/notifications/email")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(error(status, type, message))));

        CampaignSender.Outcome outcome = client.send(TEMPLATE, "ffion@example.test", Map.of(), "r-2", null);

        assertThat(outcome.kind()).isEqualTo(kind);
        assertThat(outcome.detail()).isEqualTo("GOV.UK Notify answered " + status + " " + type)
                .doesNotContain("ffion");
    }

    @Test
    void noAnswerInTimeLeavesTheSendInDoubtAndNoConnectionMeansItWasNotSent() {
        notify.stubFor(post(urlPathEqualTo("/v2/notifications/email")).willReturn(aResponse().withStatus(201)
                .withFixedDelay(2_000).withBody("{\"id\": \"late\"}")));
        assertThat(client.send(TEMPLATE, "ffion@example.test", Map.of(), "r-3", null).kind())
                .isEqualTo(CampaignSender.Kind.IN_DOUBT);

        int port = notify.port();
        notify.stop();
        NotifyEmailClient nobody = new NotifyEmailClient(URI.create("http://127.0.0.1:" + port), API_KEY,
                Duration.ofMillis(800), HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build());
        assertThat(nobody.send(TEMPLATE, "ffion@example.test", Map.of(), "r-3", null).kind())
                .isEqualTo(CampaignSender.Kind.NOT_SENT);
    }

    @Test
    void aSendInDoubtIsLookedUpByItsReference() throws IOException {
        notify.stubFor(get(urlPathEqualTo("/v2/notifications")).withQueryParam("reference", equalTo("sent-one"))
                .withQueryParam("template_type", equalTo("email")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"notifications\": [{\"id\": \"n-9\","
                                + " \"reference\": \"sent-one\", \"type\": \"email\", \"status\": \"delivered\"}],"
                                + " \"links\": {}}")));
        notify.stubFor(get(urlPathEqualTo("/v2/notifications")).withQueryParam("reference", equalTo("never-sent"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"notifications\": [], \"links\": {}}")));
        notify.stubFor(get(urlPathEqualTo("/v2/notifications")).withQueryParam("reference", equalTo("notify-down"))
                .willReturn(aResponse().withStatus(500).withBody(error(500, "Exception", "Internal server error"))));

        assertThat(client.wentOut("sent-one")).isTrue();
        assertThat(client.wentOut("never-sent")).isFalse();
        assertThatThrownBy(() -> client.wentOut("notify-down")).isInstanceOf(IOException.class)
                .hasMessage("GOV.UK Notify answered 500 when asked by reference");
    }
}
