package org.nhsloginkeycloak.connectors.pds;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nhsloginkeycloak.connectors.support.MapScope;

/**
 * The PDS client against the project's PDS stand-in (the mappings the sandpit and the integration tests serve): each
 * synthetic patient answers as the README says, in PDS's shapes.
 */
class PdsStandInTest {

    private static final String STAND_IN = "../sandpit/src/main/resources/stubs/pds";
    private static final String FHIR = "/personal-demographics/FHIR/R4";

    private WireMockServer pds;
    private PdsClient client;

    @BeforeEach
    void startTheStandIn() {
        pds = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderDirectory(STAND_IN));
        pds.start();
        PdsFhirClientFactory factory = new PdsFhirClientFactory();
        factory.init(new MapScope(Map.of("base-url", pds.baseUrl() + FHIR, "requests-per-second", "100")));
        client = factory.create(new org.nhsloginkeycloak.connectors.support.MemorySingleUseObjects(java.time.Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        pds.stop();
    }

    private static PdsSearch trace(String given, String family, String birthDate, String postcode) {
        return new PdsSearch(given, family, LocalDate.parse(birthDate), postcode.isEmpty() ? null : postcode,
                PdsSearch.Match.NON_FUZZY);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "Ffion      | jones             | 1992-06-01 | cf101aa  | 9990001006 | Ffion      |                  | 07700 900100",
            "Mary Ellen | HOLLOWAY          | 1979-02-14 | LS1 4AP  | 9990001014 | Mary Ellen | Rose             | +447700900200",
            "Gareth     | PRICE             | 1985-07-09 | SA1 1AA  | 9990001022 | Gareth     |                  |",
            "Siân       | AP DAFYDD-O'BRIEN | 1975-02-28 | LL57 2DG | 9990001030 | Siân       | Angharad Mererid | 01632 960587",
            "Thi Mai    | NGUYEN            | 1995-12-12 | B1 1AA   | 9990001111 | Thi Mai    |                  | 00447700900400",
    })
    void aSyntheticPatientIsAUniqueMatchWhateverTheCaseAndSpacing(String given, String family, String birthDate,
            String postcode, String nhsNumber, String first, String middle, String firstPhone) {
        PdsAnswer answer = client.search(trace(given, family, birthDate, postcode));

        PdsPatient patient = ((PdsAnswer.Found) answer).patient();
        assertThat(patient.nhsNumber()).isEqualTo(nhsNumber);
        assertThat(patient.givenName()).isEqualTo(first);
        assertThat(patient.middleNames()).isEqualTo(middle);
        if (firstPhone == null) {
            assertThat(patient.phones()).isEmpty();
        } else {
            assertThat(patient.phones().get(0).value()).isEqualTo(firstPhone);
        }
    }

    @Test
    void theWelshPatientHasAnEndedMobileBesideTheCurrentOne() {
        PdsPatient sian = ((PdsAnswer.Found) client.search(trace("Siân", "AP DAFYDD-O'BRIEN", "1975-02-28", "LL57 2DG")))
                .patient();

        assertThat(sian.phones()).extracting(PdsPhone::value, phone -> phone.currentOn(LocalDate.of(2026, 11, 24)))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("01632 960587", true),
                        org.assertj.core.groups.Tuple.tuple("07700 900301", false),
                        org.assertj.core.groups.Tuple.tuple("+44 7700 900302", true));
    }

    @Test
    void anyoneElseIsNoMatchAndJohnSmithIsTooMany() {
        assertThat(client.search(trace("Ffion", "JONES", "1992-06-02", "CF10 1AA"))).isInstanceOf(PdsAnswer.NotFound.class);
        assertThat(client.search(trace("Ffion", "JONES", "1992-06-01", "CF10 1AB"))).isInstanceOf(PdsAnswer.NotFound.class);
        assertThat(client.search(trace("John", "Smith", "1980-01-01", "ZZ1 1ZZ")))
                .isInstanceOf(PdsAnswer.TooManyMatches.class);
    }

    @Test
    void theRestrictedPatientIsFoundOnlyWithoutAPostcodeAndWithoutTelecomOrGp() {
        assertThat(client.search(trace("Alex", "HUGHES", "1970-05-05", "CH1 1AA"))).isInstanceOf(PdsAnswer.NotFound.class);

        PdsPatient alex = ((PdsAnswer.Found) client.search(trace("Alex", "HUGHES", "1970-05-05", ""))).patient();

        assertThat(alex.restricted()).isTrue();
        assertThat(alex.phones()).isEmpty();
        assertThat(alex.gpOdsCode()).isNull();
    }

    @Test
    void theVeryRestrictedPatientIsFoundOnlyWithoutAPostcodeAndItsTelecomAndGpAreWithheld() {
        assertThat(client.search(trace("Jordan", "TAYLOR", "1982-09-09", "LS2 9AA"))).isInstanceOf(PdsAnswer.NotFound.class);

        PdsPatient jordan = ((PdsAnswer.Found) client.search(trace("Jordan", "TAYLOR", "1982-09-09", ""))).patient();

        assertThat(jordan.restricted()).isTrue();
        assertThat(jordan.phones()).isEmpty();
        assertThat(jordan.gpOdsCode()).isNull();
        assertThat(((PdsAnswer.Found) client.read("9990001154")).patient().restricted()).isTrue();
    }

    @Test
    void theDeceasedSupersededAndInvalidatedRecordsSaySo() {
        assertThat(((PdsAnswer.Found) client.search(trace("Morgan", "EVANS", "1940-03-03", "NP20 1AA"))).patient()
                .deceased()).isTrue();
        assertThat(((PdsAnswer.Found) client.search(trace("Eleri", "ROBERTS", "1931-10-10", "sa35aa"))).patient()
                .deceased()).as("deceasedBoolean").isTrue();
        assertThat(((PdsAnswer.Found) client.read("9990001138")).patient().deceased()).isTrue();
        assertThat(((PdsAnswer.Found) client.read("9990001073")).patient().nhsNumber())
                .as("a superseded number reads as its successor").isEqualTo("9990001081");
        assertThat(client.read("9990001103")).isInstanceOf(PdsAnswer.Invalidated.class);
        assertThat(client.read("9990001146")).isInstanceOf(PdsAnswer.NotFound.class);
    }

    @Test
    void theStandInEchoesTheRequestIdAndRefusesARequestWithoutOne() throws Exception {
        client.read("9990001006");
        String sent = pds.findAll(getRequestedFor(urlPathEqualTo(FHIR + "/Patient/9990001006"))).get(0)
                .getHeader("X-Request-ID");
        assertThat(pds.getAllServeEvents().get(0).getResponse().getHeaders().getHeader("X-Request-ID").firstValue())
                .isEqualTo(sent);

        HttpResponse<String> without = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(pds.baseUrl() + FHIR + "/Patient/9990001006")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(400);
        assertThat(without.body()).contains("MISSING_VALUE");
    }

    @Test
    void theStandInsTokenEndpointIssuesATokenTheSignedJwtClientThenSendsToPds(@TempDir Path dir) throws Exception {
        PdsFhirClientFactory factory = new PdsFhirClientFactory();
        factory.init(new MapScope(Map.of("base-url", pds.baseUrl() + FHIR, "requests-per-second", "100",
                "token-url", pds.baseUrl() + "/oauth2/token", "api-key", "sandpit-pds-api-key",
                "private-key-file", TestKeys.pkcs8Pem(TestKeys.rsa(), dir).toString(), "key-id", "sandpit-pds-1")));

        assertThat(factory.create(new org.nhsloginkeycloak.connectors.support.MemorySingleUseObjects(java.time.Clock.systemUTC())).search(trace("Ffion", "JONES", "1992-06-01", "CF10 1AA")))
                .isInstanceOf(PdsAnswer.Found.class);

        assertThat(pds.findAll(postRequestedFor(urlPathEqualTo("/oauth2/token")))).hasSize(1);
        assertThat(pds.findAll(getRequestedFor(urlPathEqualTo(FHIR + "/Patient"))).get(0).getHeader("Authorization"))
                .matches("Bearer [A-Za-z0-9]{28}");

        HttpResponse<String> noAssertion = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(pds.baseUrl() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noAssertion.statusCode()).isEqualTo(400);
        assertThat(noAssertion.body()).contains("invalid_request");
    }
}
