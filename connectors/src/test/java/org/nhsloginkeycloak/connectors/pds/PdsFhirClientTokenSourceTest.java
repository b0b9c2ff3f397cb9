package org.nhsloginkeycloak.connectors.pds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nhsloginkeycloak.connectors.health.CircuitBreaker;
import org.nhsloginkeycloak.connectors.support.MapScope;

/**
 * Which token the PDS client sends, chosen by the options, and how token trouble reaches the journeys: against one
 * WireMock serving both PDS and NHS England's token endpoint, as the API platform does.
 */
class PdsFhirClientTokenSourceTest {

    private static final String PATIENT_PATH = "/personal-demographics/FHIR/R4/Patient";
    private static final String TOKEN_PATH = "/oauth2/token";
    private static final String API_KEY = "Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56";
    private static final String NO_MATCH = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}";
    private static final String ACCESS_DENIED = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"code\":\"forbidden\","
            + "\"details\":{\"coding\":[{\"code\":\"ACCESS_DENIED\"}]}}]}";
    private static final PdsSearch MARY = new PdsSearch("Mary Ellen", "Holloway", LocalDate.of(1979, 2, 14), "LS1 4AP",
            PdsSearch.Match.NON_FUZZY);
    private static KeyPair keys;

    @TempDir
    static Path dir;

    private WireMockServer platform;
    private PdsFhirClientFactory factory;

    @BeforeAll
    static void makeKeys() {
        keys = TestKeys.rsa();
    }

    @BeforeEach
    void start() {
        platform = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        platform.start();
    }

    @AfterEach
    void stop() {
        platform.stop();
    }

    private Map<String, String> signedJwt() {
        return Map.of("token-url", platform.baseUrl() + TOKEN_PATH, "api-key", API_KEY,
                "private-key-file", TestKeys.pkcs8Pem(keys, dir).toString(), "key-id", "int-1");
    }

    private PdsClient client(Map<String, String> tokenOptions, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("base-url", platform.baseUrl() + "/personal-demographics/FHIR/R4",
                "timeout-seconds", "1", "requests-per-second", "100"));
        config.putAll(tokenOptions);
        config.putAll(extra);
        factory = new PdsFhirClientFactory();
        factory.init(new MapScope(config));
        return factory.create(new org.nhsloginkeycloak.connectors.support.MemorySingleUseObjects(java.time.Clock.systemUTC()));
    }

    private PdsClient client(Map<String, String> tokenOptions) {
        return client(tokenOptions, Map.of());
    }

    private void tokenEndpointIssues(String token) {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200)
                .withBody("{\"access_token\":\"" + token + "\",\"expires_in\":\"599\",\"token_type\":\"Bearer\"}")));
    }

    private void pdsAnswers(int status, String body) {
        platform.stubFor(get(urlPathEqualTo(PATIENT_PATH)).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    private int tokenFetches() {
        return platform.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size();
    }

    private int pdsCalls() {
        return platform.findAll(getRequestedFor(urlPathEqualTo(PATIENT_PATH))).size();
    }

    private static PdsAnswer.Why why(PdsAnswer answer) {
        return ((PdsAnswer.Unavailable) answer).why();
    }

    @Test
    void withSignedJwtPdsGetsTheIssuedTokenAndOneTokenServesManyCalls() {
        tokenEndpointIssues("tok-1");
        pdsAnswers(200, NO_MATCH);
        PdsClient client = client(signedJwt());

        for (int i = 0; i < 3; i++) {
            assertThat(client.search(MARY)).isInstanceOf(PdsAnswer.NotFound.class);
        }

        platform.verify(3, getRequestedFor(urlPathEqualTo(PATIENT_PATH)).withHeader("Authorization", equalTo("Bearer tok-1")));
        assertThat(tokenFetches()).isEqualTo(1);
    }

    @Test
    void aTokenPdsRefusesIsDroppedSoTheNextCallFetchesAnother() {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("revoked").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"tok-1\",\"expires_in\":\"599\"}"))
                .willSetStateTo("reissued"));
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("revoked").whenScenarioStateIs("reissued")
                .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"tok-2\",\"expires_in\":599}")));
        platform.stubFor(get(urlPathEqualTo(PATIENT_PATH)).withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(aResponse().withStatus(401).withBody(ACCESS_DENIED)));
        platform.stubFor(get(urlPathEqualTo(PATIENT_PATH)).withHeader("Authorization", equalTo("Bearer tok-2"))
                .willReturn(aResponse().withStatus(200).withBody(NO_MATCH)));
        PdsClient client = client(signedJwt());

        assertThat(why(client.search(MARY))).isEqualTo(PdsAnswer.Why.NOT_AUTHORISED);
        assertThat(client.search(MARY)).isInstanceOf(PdsAnswer.NotFound.class);

        assertThat(tokenFetches()).isEqualTo(2);
        assertThat(pdsCalls()).isEqualTo(2);
    }

    @Test
    void aTokenEndpointRefusingOurCredentialsIsUnavailableWithoutCallingPds() {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"Invalid 'kid'\"}")));
        pdsAnswers(200, NO_MATCH);

        assertThat(why(client(signedJwt()).search(MARY))).isEqualTo(PdsAnswer.Why.NOT_AUTHORISED);

        assertThat(pdsCalls()).isZero();
        assertThat(tokenFetches()).as("a refusal is not retried").isEqualTo(1);
    }

    @Test
    void aTokenEndpointThatKeepsFailingOpensTheCircuitAndIsThenLeftAlone() {
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(503)));
        pdsAnswers(200, NO_MATCH);
        PdsClient client = client(signedJwt(), Map.of("circuit-failures", "4", "circuit-open-seconds", "60"));

        assertThat(why(client.search(MARY))).isEqualTo(PdsAnswer.Why.SERVER_ERROR);
        assertThat(why(client.search(MARY))).isEqualTo(PdsAnswer.Why.SERVER_ERROR);
        int fetches = tokenFetches();

        assertThat(client.health(java.time.Duration.ofMinutes(1)).circuit()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(why(client.search(MARY))).isEqualTo(PdsAnswer.Why.CIRCUIT_OPEN);
        assertThat(tokenFetches()).isEqualTo(fetches);
        assertThat(pdsCalls()).isZero();
    }

    @Test
    void theStaticTokenIsSentAsBeforeAndNeverFetched() {
        pdsAnswers(401, ACCESS_DENIED);
        PdsClient client = client(Map.of("access-token", "token-123"));

        assertThat(why(client.search(MARY))).isEqualTo(PdsAnswer.Why.NOT_AUTHORISED);
        pdsAnswers(200, NO_MATCH);
        assertThat(client.search(MARY)).isInstanceOf(PdsAnswer.NotFound.class);

        platform.verify(2, getRequestedFor(urlPathEqualTo(PATIENT_PATH))
                .withHeader("Authorization", equalTo("Bearer token-123")));
        assertThat(tokenFetches()).isZero();
        assertThat(factory.getOperationalInfo()).containsEntry("token-source", "static")
                .containsEntry("access-token", "set");
    }

    @Test
    void withNoTokenOptionNoAuthorizationIsSent() {
        pdsAnswers(200, NO_MATCH);

        client(Map.of()).search(MARY);

        platform.verify(getRequestedFor(urlPathEqualTo(PATIENT_PATH)).withHeader("Authorization", absent()));
        assertThat(factory.getOperationalInfo()).containsEntry("token-source", "none");
    }

    @Test
    void bothAStaticTokenAndATokenUrlStopStartUpSayingToChoose() {
        Map<String, String> both = new HashMap<>(signedJwt());
        both.put("access-token", "token-123");

        assertThatThrownBy(() -> client(both)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("access-token").hasMessageContaining("token-url").hasMessageContaining("choose one")
                .hasMessageNotContaining("token-123").hasMessageNotContaining(API_KEY);
    }

    @Test
    void aTokenUrlWithoutTheRestStopsStartUpNamingWhatIsMissing() {
        Map<String, String> partial = new HashMap<>(signedJwt());
        partial.remove("key-id");
        partial.remove("api-key");

        assertThatThrownBy(() -> client(partial)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("api-key, key-id");

        Map<String, String> noKey = new HashMap<>(signedJwt());
        noKey.put("private-key-file", dir.resolve("absent.pem").toString());
        assertThatThrownBy(() -> client(noKey)).hasMessageContaining("Cannot read the PDS private key file");

        Map<String, String> notAUrl = new HashMap<>(signedJwt());
        notAUrl.put("token-url", "int.api.service.nhs.uk/oauth2/token");
        assertThatThrownBy(() -> client(notAUrl)).hasMessageContaining("not an http(s) URL");
    }

    @Test
    void serverInfoSaysWhichSourceAndWhereButNeverTheApiKeyOrTheToken() {
        tokenEndpointIssues("tok-secret");
        pdsAnswers(200, NO_MATCH);
        client(signedJwt()).search(MARY);

        Map<String, String> info = factory.getOperationalInfo();

        assertThat(info).containsEntry("token-source", "signed-jwt")
                .containsEntry("token-url", platform.baseUrl() + TOKEN_PATH)
                .containsEntry("key-id", "int-1")
                .containsEntry("api-key", "set");
        assertThat(info.toString()).doesNotContain(API_KEY, "tok-secret", "PRIVATE KEY");
        assertThat(factory.getConfigMetadata()).extracting(property -> property.getName())
                .contains("access-token", "token-url", "api-key", "private-key-file", "key-id");
    }

    @Test
    void theCitizensIdTokenIsExchangedWithTheApplicationsAssertionForTheirOwnAccess() {
        PdsClient client = client(signedJwt());
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"))
                .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"patient-access\","
                        + "\"expires_in\":\"599\",\"token_type\":\"Bearer\",\"issued_token_type\":"
                        + "\"urn:ietf:params:oauth:token-type:access_token\"}")));
        assertThat(client.patientAccess("id.token.of-the-citizen")).contains("patient-access");
        String form = platform.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).get(0).getBodyAsString();
        assertThat(form).contains("subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aid_token")
                .contains("subject_token=id.token.of-the-citizen")
                .contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer")
                .containsPattern("client_assertion=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

        platform.resetAll();
        platform.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"subject_token has expired\"}")));
        assertThat(client.patientAccess("id.token.of-the-citizen")).as("refused: no access").isEmpty();
        assertThat(client(Map.of("access-token", "fixed")).patientAccess("id.token.of-the-citizen"))
                .as("only signed-JWT credentials can exchange").isEmpty();
    }
}
