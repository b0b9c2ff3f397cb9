package org.nhsloginkeycloak.connectors.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nhsloginkeycloak.connectors.sms.SmsSendException.Reason;
import org.nhsloginkeycloak.connectors.support.MapScope;

/** The real Notify client against the project's Notify stand-in (the same mappings the sandpit serves). */
class NotifySmsSenderTest {

    private static final String STAND_IN = "../sandpit/src/main/resources/stubs/notify";
    private static final String SERVICE_ID = UUID.randomUUID().toString();
    private static final String API_KEY = "sandpit-" + SERVICE_ID + "-" + UUID.randomUUID();
    private static final String TEMPLATE_ID = UUID.randomUUID().toString();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Notify's documented 201 body. */
    private static final String SENT_BODY = "{\"id\":\"" + UUID.randomUUID() + "\",\"reference\":null,"
            + "\"content\":{\"body\":\"Your code is 123456\",\"from_number\":\"NHSLogin\"},"
            + "\"uri\":\"https://api.notifications.service.gov.uk/v2/notifications/x\","
            + "\"template\":{\"id\":\"" + TEMPLATE_ID + "\",\"version\":1,\"uri\":\"https://api.notifications.service.gov.uk/v2/template/x\"},"
            + "\"scheduled_for\":null}";

    private WireMockServer notify;
    private NotifySmsSenderFactory factory;

    @BeforeEach
    void startTheStandIn() {
        notify = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(80)
                .usingFilesUnderDirectory(STAND_IN));
        notify.start();
    }

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.close();
        }
        notify.stop();
    }

    private SmsSender sender(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("api-key", API_KEY, "template-id", TEMPLATE_ID,
                "base-url", notify.baseUrl(), "timeout-seconds", "2"));
        config.putAll(extra);
        factory = new NotifySmsSenderFactory();
        factory.init(new MapScope(config));
        return factory.create(null);
    }

    @Test
    void sendsTheCodeThroughTheTemplateWithAnHs256TokenForTheService() throws Exception {
        sender(Map.of()).sendSecurityCode("+447700900123", "123456");

        List<LoggedRequest> sent = notify.findAll(postRequestedFor(urlPathEqualTo("/v2/notifications/sms")));
        assertThat(sent).hasSize(1);
        JsonNode body = JSON.readTree(sent.get(0).getBodyAsString());
        assertThat(body.path("phone_number").asText()).isEqualTo("+447700900123");
        assertThat(body.path("template_id").asText()).isEqualTo(TEMPLATE_ID);
        assertThat(body.path("personalisation").path("code").asText()).isEqualTo("123456");
        String[] jwt = sent.get(0).getHeader("Authorization").substring("Bearer ".length()).split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(header.path("alg").asText()).isEqualTo("HS256");
        assertThat(claims.path("iss").asText()).isEqualTo(SERVICE_ID);
        assertThat(new String(sent.get(0).getBody(), StandardCharsets.UTF_8)).doesNotContain(API_KEY);
    }

    @Test
    void aNumberNotifyRefusesIsAnInvalidNumberAndNeitherItNorTheCodeIsInTheMessage() {
        assertThatThrownBy(() -> sender(Map.of()).sendSecurityCode("+12025550123", "654321"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_NUMBER);
                    assertThat(e.getMessage()).isEqualTo("GOV.UK Notify answered 400 ValidationError")
                            .doesNotContain("654321", "2025550123");
                });
    }

    @ParameterizedTest
    @CsvSource({
            "403, errors/auth-error.json,     MISCONFIGURED",
            "400, errors/template-id-required.json, MISCONFIGURED",
            "429, errors/rate-limit.json,     RATE_LIMITED",
            "500, errors/server-error.json,   UNAVAILABLE",
    })
    void notifysDocumentedErrorsBecomeReasons(int status, String body, Reason reason) {
        notify.stubFor(post(urlPathEqualTo("/v2/notifications/sms")).atPriority(0)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBodyFile(body)));

        assertThatThrownBy(() -> sender(Map.of()).sendSecurityCode("+447700900123", "123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void trialModeIsOurMisconfigurationNotTheCitizensNumber() {
        notify.stubFor(post(urlPathEqualTo("/v2/notifications/sms")).atPriority(0)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[{\"error\":\"BadRequestError\",\"message\":\"Can't send to this recipient"
                                + " when service is in trial mode\"}],\"status_code\":400}")));

        assertThatThrownBy(() -> sender(Map.of()).sendSecurityCode("+447700900123", "123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED));
    }

    @Test
    void sendsRunInParallelNotBehindOneAnother() throws Exception {
        notify.stubFor(post(urlPathEqualTo("/v2/notifications/sms")).atPriority(0)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(SENT_BODY).withFixedDelay(1_000)));
        SmsSender sender = sender(Map.of("timeout-seconds", "3"));
        java.util.concurrent.ExecutorService citizens = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            long started = System.nanoTime();
            List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sends.add(citizens.submit(() -> {
                    sender.sendSecurityCode("+447700900123", "123456");
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> send : sends) {
                send.get();
            }
            // Four one-second sends finish in about one second when they run side by side, four when queued.
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms for four sends").isLessThan(3_000);
        } finally {
            citizens.shutdownNow();
        }
    }

    @Test
    void aSlowNotifyIsGivenUpOnAfterTheTimeout() {
        notify.stubFor(post(urlPathEqualTo("/v2/notifications/sms")).atPriority(0)
                .willReturn(aResponse().withStatus(201).withFixedDelay(5_000)));
        SmsSender sender = sender(Map.of("timeout-seconds", "1"));

        long started = System.nanoTime();
        assertThatThrownBy(() -> sender.sendSecurityCode("+447700900123", "123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("GOV.UK Notify did not answer within 1 s");
                });
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms waited").isLessThan(4_000);
    }

    @Test
    void aNotifyThatTakesTheRequestAndNeverAnswersIsHungUpOnByTheDeadline() throws Exception {
        // A server that reads the request and never writes a byte: only a real read timeout (or an abort) ends the
        // call. Notify's own client blocked in its socket read for ever, whatever the caller gave up on.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<Long> hungUpAfterMs = new java.util.concurrent.CompletableFuture<>();
            Thread server = new Thread(() -> {
                try (java.net.Socket call = silent.accept()) {
                    long accepted = System.nanoTime();
                    java.io.InputStream in = call.getInputStream();
                    while (in.read() >= 0) {
                        // the request, then nothing until the caller closes
                    }
                    hungUpAfterMs.complete((System.nanoTime() - accepted) / 1_000_000);
                } catch (java.io.IOException e) {
                    hungUpAfterMs.complete(-1L);
                }
            });
            server.setDaemon(true);
            server.start();
            SmsSender sender = sender(Map.of("base-url", "http://127.0.0.1:" + silent.getLocalPort(),
                    "timeout-seconds", "1"));

            long started = System.nanoTime();
            assertThatThrownBy(() -> sender.sendSecurityCode("+447700900123", "123456"))
                    .isInstanceOfSatisfying(SmsSendException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                        assertThat(e.getMessage()).isEqualTo("GOV.UK Notify did not answer within 1 s");
                    });
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the citizen is told").isLessThan(2_500);
            assertThat(hungUpAfterMs.get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .as("ms until the connection was closed").isBetween(0L, 3_000L);
        }
    }

    @Test
    void theConnectTimeoutIsAnOptionAndNeverLongerThanTheWholeCall() {
        sender(Map.of("timeout-seconds", "4", "connect-timeout-seconds", "2"));
        assertThat(factory.getOperationalInfo()).containsEntry("connect-timeout-seconds", "2");
        factory.close();

        sender(Map.of("timeout-seconds", "2", "connect-timeout-seconds", "9"));
        assertThat(factory.getOperationalInfo()).containsEntry("connect-timeout-seconds", "2");
        factory.close();

        sender(Map.of("timeout-seconds", "0"));
        assertThat(factory.getOperationalInfo()).containsEntry("timeout-seconds", "10")
                .containsEntry("connect-timeout-seconds", "3");
    }

    @Test
    void theTokenIsNotifysHs256JwtSignedWithTheKeysSecret() throws Exception {
        String secret = API_KEY.substring(API_KEY.length() - 36);
        String[] jwt = org.nhsloginkeycloak.connectors.notify.NotifyToken.of(API_KEY, java.time.Instant.ofEpochSecond(1_764_000_000)).split("\\.");

        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(jwt[2]).isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII))));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(SERVICE_ID);
        assertThat(claims.path("iat").asLong()).isEqualTo(1_764_000_000L);
    }

    @Test
    void anUnreachableNotifyIsUnavailable() {
        SmsSender sender = sender(Map.of("base-url", "http://127.0.0.1:1"));

        assertThatThrownBy(() -> sender.sendSecurityCode("+447700900123", "123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("GOV.UK Notify could not be reached");
                });
    }

    @Test
    void withoutAKeyNothingIsSentAndTheOperatorIsToldWhichOptionsToSet() {
        factory = new NotifySmsSenderFactory();
        factory.init(new MapScope(Map.of("base-url", notify.baseUrl())));

        assertThatThrownBy(() -> factory.create(null).sendSecurityCode("+447700900123", "123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("--spi-nhs-sms-sender--govuk-notify--api-key");
                });
        assertThat(notify.getAllServeEvents()).isEmpty();
        assertThat(factory.getOperationalInfo()).containsEntry("api-key", "not set");
    }

    @Test
    void serverInfoNeverShowsTheKey() {
        sender(Map.of());

        assertThat(factory.getOperationalInfo()).containsEntry("api-key", "set")
                .containsEntry("template-id", TEMPLATE_ID)
                .doesNotContainValue(API_KEY);
        assertThat(factory.getOperationalInfo().toString()).doesNotContain(SERVICE_ID);
    }

    @Test
    void aKeyNotInNotifysFormatStopsStartUpWithoutQuotingIt() {
        factory = new NotifySmsSenderFactory();
        MapScope config = new MapScope(Map.of("api-key", "not-a-notify-key", "template-id", TEMPLATE_ID));

        assertThatThrownBy(() -> factory.init(config))
                .hasMessage("The GOV.UK Notify API key is not in Notify's key format");
    }

    @Test
    void theStandInRequiresABearerToken() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(notify.baseUrl() + "/v2/notifications/sms"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"phone_number\":\"+447700900123\",\"template_id\":\"" + TEMPLATE_ID + "\"}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("errors").path(0).path("error").asText()).isEqualTo("AuthError");
        notify.verify(0, postRequestedFor(urlPathEqualTo("/v2/notifications/sms"))
                .withRequestBody(equalToJson("{\"never\":\"matched\"}")));
    }
}
