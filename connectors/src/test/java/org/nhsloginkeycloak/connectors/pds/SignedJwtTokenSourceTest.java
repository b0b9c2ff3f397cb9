package org.nhsloginkeycloak.connectors.pds;

import org.nhsloginkeycloak.connectors.support.TestClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed-JWT client credentials against WireMock answering as NHS England's token endpoint does. */
class SignedJwtTokenSourceTest {

    private static final String TOKEN_PATH = "/oauth2/token";
    private static final String API_KEY = "Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56";
    private static KeyPair keys;

    @TempDir
    static Path dir;

    private final TestClock clock = new TestClock();
    private WireMockServer platform;
    private SignedJwtTokenSource source;

    @BeforeAll
    static void makeKeys() {
        keys = TestKeys.rsa();
    }

    @BeforeEach
    void start() {
        platform = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        platform.start();
        source = new SignedJwtTokenSource(
                new SignedJwtTokenSource.Options(tokenUrl(), API_KEY, null, "int-1"),
                SignedJwtTokenSource.readPrivateKey(TestKeys.pkcs8Pem(keys, dir)),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(), Duration.ofSeconds(1), clock);
    }

    @AfterEach
    void stop() {
        platform.stop();
    }

    private String tokenUrl() {
        return platform.baseUrl() + TOKEN_PATH;
    }

    /** NHS's answer: {@code expires_in} as a string. */
    private static String issued(String token, String expiresIn) {
        return "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn
                + ",\"token_type\":\"Bearer\",\"issued_at\":\"1795510800000\"}";
    }

    private void tokenEndpointAnswers(String body) {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private List<LoggedRequest> fetches() {
        return platform.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    private static Map<String, String> form(LoggedRequest request) {
        return Arrays.stream(request.getBodyAsString().split("&")).map(field -> field.split("=", 2))
                .collect(Collectors.toMap(field -> field[0],
                        field -> URLDecoder.decode(field[1], StandardCharsets.UTF_8)));
    }

    private PdsAnswer.Why failure() {
        try {
            source.token();
        } catch (PdsTokenSource.TokenUnavailable e) {
            return e.why();
        }
        throw new AssertionError("a token came back");
    }

    @Test
    void theAssertionIsAnRs512JwtSignedWithOurKeyCarryingTheClaimsNhsAsksFor() throws Exception {
        tokenEndpointAnswers(issued("tok-1", "\"599\""));

        assertThat(source.token()).contains("tok-1");

        LoggedRequest request = fetches().get(0);
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = form(request);
        assertThat(form).containsEntry("grant_type", "client_credentials")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        TestKeys.Jwt jwt = TestKeys.verified(form.get("client_assertion"), keys.getPublic());
        assertThat(jwt.header().path("alg").asText()).isEqualTo("RS512");
        assertThat(jwt.header().path("typ").asText()).isEqualTo("JWT");
        assertThat(jwt.header().path("kid").asText()).isEqualTo("int-1");
        assertThat(jwt.claims().path("iss").asText()).isEqualTo(API_KEY);
        assertThat(jwt.claims().path("sub").asText()).isEqualTo(API_KEY);
        assertThat(jwt.claims().path("aud").asText()).isEqualTo(tokenUrl());
        assertThat(UUID.fromString(jwt.claims().path("jti").asText())).isNotNull();
        long now = clock.instant().getEpochSecond();
        assertThat(jwt.claims().path("exp").asLong()).isGreaterThan(now).isLessThanOrEqualTo(now + 300);
    }

    @Test
    void everyAssertionHasItsOwnJti() {
        List<String> jtis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String assertion = source.assertion(clock.instant());
            jtis.add(TestKeys.verified(assertion, keys.getPublic()).claims().path("jti").asText());
        }

        assertThat(new HashSet<>(jtis)).hasSize(3);
    }

    @Test
    void theTokenIsReusedUntilAMinuteBeforeItExpiresThenFetchedAgain() throws Exception {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("renewal").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(issued("tok-1", "\"599\""))).willSetStateTo("renewed"));
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("renewal").whenScenarioStateIs("renewed")
                .willReturn(aResponse().withStatus(200).withBody(issued("tok-2", "599"))));

        assertThat(source.token()).contains("tok-1");
        clock.advance(Duration.ofSeconds(538));
        assertThat(source.token()).contains("tok-1");
        assertThat(fetches()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(source.token()).as("599 s less the minute's margin").contains("tok-2");
        assertThat(source.token()).contains("tok-2");
        assertThat(fetches()).hasSize(2);
        String firstJti = TestKeys.verified(form(fetches().get(0)).get("client_assertion"), keys.getPublic())
                .claims().path("jti").asText();
        String secondJti = TestKeys.verified(form(fetches().get(1)).get("client_assertion"), keys.getPublic())
                .claims().path("jti").asText();
        assertThat(secondJti).isNotEqualTo(firstJti);
    }

    @Test
    void anAnswerWithoutAUsableLifetimeIsUsedOnceAndNotKept() throws Exception {
        tokenEndpointAnswers("{\"access_token\":\"tok-1\",\"expires_in\":\"soon\"}");

        assertThat(source.token()).contains("tok-1");
        assertThat(source.token()).contains("tok-1");

        assertThat(fetches()).hasSize(2);
    }

    @Test
    void concurrentCallersWithoutATokenCauseOneFetchAndShareIt() throws Exception {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse().withStatus(200).withBody(issued("tok-1", "\"599\"")).withFixedDelay(400)));

        List<Optional<String>> tokens = together(10, () -> source.token());

        assertThat(tokens).containsOnly(Optional.of("tok-1")).hasSize(10);
        assertThat(fetches()).hasSize(1);
    }

    @Test
    void callersWaitingOnAFailedFetchAllFailWithItInsteadOfEachTryingInTurn() throws Exception {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse().withStatus(503).withFixedDelay(400)));

        List<PdsAnswer.Why> whys = together(6, this::failure);

        assertThat(whys).containsOnly(PdsAnswer.Why.SERVER_ERROR).hasSize(6);
        assertThat(fetches()).hasSize(1);
    }

    private static <T> List<T> together(int callers, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(10, TimeUnit.SECONDS));
            }
            return results;
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusalOfOurCredentialsIsNotAuthorisedAndAnOutageIsAServerErrorOrATimeout() {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400).withBody(
                "{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid 'aud' claim in"
                        + " client_assertion JWT\",\"message_id\":\"rrt-1\"}")));
        assertThat(failure()).isEqualTo(PdsAnswer.Why.NOT_AUTHORISED);

        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)));
        assertThat(failure()).isEqualTo(PdsAnswer.Why.NOT_AUTHORISED);

        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(429)));
        assertThat(failure()).isEqualTo(PdsAnswer.Why.RATE_LIMITED);

        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(500)));
        assertThat(failure()).isEqualTo(PdsAnswer.Why.SERVER_ERROR);

        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200).withBody("{}")));
        assertThat(failure()).as("200 without a token").isEqualTo(PdsAnswer.Why.SERVER_ERROR);

        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(failure()).isEqualTo(PdsAnswer.Why.TIMEOUT);

        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse().withStatus(200).withBody(issued("tok-1", "599")).withFixedDelay(2000)));
        assertThat(failure()).isEqualTo(PdsAnswer.Why.TIMEOUT);
    }

    @Test
    void aRefusedTokenIsDroppedButOnlyThatToken() throws Exception {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("refusal").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(issued("tok-1", "\"599\""))).willSetStateTo("second"));
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("refusal").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withBody(issued("tok-2", "\"599\""))));
        assertThat(source.token()).contains("tok-1");

        source.refused("tok-1");
        assertThat(source.token()).contains("tok-2");
        source.refused("tok-1");

        assertThat(source.token()).as("a late 401 for the old token").contains("tok-2");
        assertThat(fetches()).hasSize(2);
    }

    @Test
    void thePostGoesToTheTokenUrlAsWrittenWhichIsAlsoTheAudience() throws Exception {
        tokenEndpointAnswers(issued("tok-1", "599"));

        source.token();

        platform.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withHeader("Accept", equalTo("application/json")));
        String aud = TestKeys.verified(form(fetches().get(0)).get("client_assertion"), keys.getPublic())
                .claims().path("aud").asText();
        assertThat(fetches().get(0).getAbsoluteUrl()).isEqualTo(aud);
    }

    @Test
    void aKeyFileThatIsNotAnUnencryptedPkcs8RsaKeySaysWhatIsWrongWithoutQuotingIt() {
        Path pkcs1 = TestKeys.write(dir.resolve("pkcs1.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretsecret\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SignedJwtTokenSource.readPrivateKey(pkcs1))
                .hasMessageContaining("PKCS#1").hasMessageContaining("openssl pkcs8").hasMessageNotContaining("secret");

        Path encrypted = TestKeys.write(dir.resolve("encrypted.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIsecret\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SignedJwtTokenSource.readPrivateKey(encrypted)).hasMessageContaining("encrypted");

        Path garbage = TestKeys.write(dir.resolve("garbage.pem"),
                "-----BEGIN PRIVATE KEY-----\nc2VjcmV0c2VjcmV0\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SignedJwtTokenSource.readPrivateKey(garbage))
                .hasMessageContaining("does not hold an RSA private key").hasMessageNotContaining("c2VjcmV0");

        assertThatThrownBy(() -> SignedJwtTokenSource.readPrivateKey(dir.resolve("absent.pem")))
                .hasMessageContaining("Cannot read");
    }

    @Test
    void neitherTheOptionsNorAKeptTokenPrintASecret() throws Exception {
        tokenEndpointAnswers(issued("tok-secret", "599"));
        source.token();

        assertThat(new SignedJwtTokenSource.Options(tokenUrl(), API_KEY, dir, "int-1").toString())
                .doesNotContain(API_KEY);
        assertThat(source.toString()).doesNotContain("tok-secret", API_KEY);
    }
}
